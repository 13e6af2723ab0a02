package org.pouw.crypto;

/**
 * Runs a task over an index range in contiguous parts, possibly on several threads, and returns when every part
 * is done. {@link Blake3Words#hashInts} hands its chunk batches to one, so a caller that owns a thread team (the
 * ML trainer) can lend it without pouw-crypto knowing about teams. A runner decides only where a part runs; the
 * hash does not depend on it.
 */
@FunctionalInterface
public interface RangeRunner {
    /** Everything on the calling thread, in one part. */
    RangeRunner CALLER = (count, task) -> {
        if (count > 0) {
            task.run(0, count);
        }
    };

    void forRange(int count, Task task);

    /** The work on indices [from, to). */
    @FunctionalInterface
    interface Task {
        void run(int from, int to);
    }
}
