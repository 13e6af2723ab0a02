package org.pouw.chain.mining;

/**
 * A buffer for a start state's parameter words that a miner or a window replay reuses step after step, so that a
 * step's vitals ({@link VitalsScan}) copy the words into it instead of allocating a fresh array each step. Not
 * thread-safe: one owner, one step at a time.
 */
final class SpareWords {
    private int[] words = new int[0];

    /** Copies {@code count} words of {@code from} at {@code offset} into the buffer (grown when too small); returns it. */
    int[] holding(int[] from, int offset, int count) {
        if (words.length < count) {
            words = new int[count];
        }
        System.arraycopy(from, offset, words, 0, count);
        return words;
    }
}
