package org.pouw.chain.state;

import java.util.Arrays;
import java.util.Comparator;
import org.pouw.ml.wire.Bytes32;

/** The key of a work log: a task and a miner, ordered by task then miner as unsigned bytes. */
public record TaskMiner(Bytes32 task, Bytes32 miner) implements Comparable<TaskMiner> {
    private static final Comparator<Bytes32> BYTES = (a, b) -> Arrays.compareUnsigned(a.toArray(), b.toArray());

    public TaskMiner {
        if (task == null || miner == null) {
            throw new IllegalArgumentException("task and miner must be set");
        }
    }

    @Override
    public int compareTo(TaskMiner other) {
        int byTask = BYTES.compare(task, other.task);
        return byTask != 0 ? byTask : BYTES.compare(miner, other.miner);
    }
}
