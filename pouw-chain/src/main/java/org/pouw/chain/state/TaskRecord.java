package org.pouw.chain.state;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.tx.PayForTask;
import org.pouw.ml.wire.Bytes32;

/**
 * A task as the state holds it (docs/chain.md §4): who posted it, what it is, when, the escrow still held (paid out
 * or burnt at settlement, never refunded to the poster), the budget still left for blocks, and its participants —
 * the keys that mined a block on it, in the order of their first block. A filler task is derived from the beacon,
 * has neither escrow nor budget and is never settled.
 *
 * @param commits final-model commitments made so far; each commitment's index orders ties at settlement
 */
public record TaskRecord(Bytes32 poster, PayForTask spec, long postedAt, long escrow, long budget, boolean filler,
                         boolean settled, int commits, List<Bytes32> participants) {
    public TaskRecord {
        if (poster == null || spec == null) {
            throw new IllegalArgumentException("a task record needs its poster and its spec");
        }
        if (escrow < 0 || budget < 0 || commits < 0) {
            throw new IllegalArgumentException("escrow, budget and commits must be >= 0");
        }
        participants = List.copyOf(participants);
    }

    static TaskRecord posted(Bytes32 poster, PayForTask spec, long height) {
        return new TaskRecord(poster, spec, height, spec.escrow(), spec.escrow(), false, false, 0, List.of());
    }

    static TaskRecord filler(PayForTask spec, long height) {
        return new TaskRecord(Bytes32.of(new byte[Bytes32.LENGTH]), spec, height, 0, 0, true, false, 0, List.of());
    }

    TaskRecord charged(long cost) {
        return new TaskRecord(poster, spec, postedAt, escrow, budget - cost, filler, settled, commits, participants);
    }

    TaskRecord withParticipant(Bytes32 miner) {
        if (participants.contains(miner)) {
            return this;
        }
        List<Bytes32> more = new ArrayList<>(participants);
        more.add(miner);
        return new TaskRecord(poster, spec, postedAt, escrow, budget, filler, settled, commits, more);
    }

    TaskRecord committed() {
        return new TaskRecord(poster, spec, postedAt, escrow, budget, filler, settled, commits + 1, participants);
    }

    TaskRecord settledOut() {
        return new TaskRecord(poster, spec, postedAt, 0, 0, filler, true, commits, participants);
    }
}
