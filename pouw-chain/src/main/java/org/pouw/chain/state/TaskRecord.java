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
 * @param held    the part of {@code budget} the epoch's matching set aside as the holding of the miners it gave the
 *                task (docs/chain.md §4.3): blocks on the task use it up first, and what is left is forfeited at
 *                the next matching, so a task pays for the miners it holds whether or not they win on it
 * @param commits final-model commitments made so far; each commitment's index orders ties at settlement
 */
public record TaskRecord(Bytes32 poster, PayForTask spec, long postedAt, long escrow, long budget, long held,
                         boolean filler, boolean settled, int commits, List<Bytes32> participants) {
    public TaskRecord {
        if (poster == null || spec == null) {
            throw new IllegalArgumentException("a task record needs its poster and its spec");
        }
        if (escrow < 0 || budget < 0 || commits < 0) {
            throw new IllegalArgumentException("escrow, budget and commits must be >= 0");
        }
        if (held < 0 || held > budget) {
            throw new IllegalArgumentException("the holding must be in [0, budget], got " + held);
        }
        participants = List.copyOf(participants);
    }

    static TaskRecord posted(Bytes32 poster, PayForTask spec, long height) {
        return new TaskRecord(poster, spec, height, spec.escrow(), spec.escrow(), 0, false, false, 0, List.of());
    }

    static TaskRecord filler(PayForTask spec, long height) {
        return new TaskRecord(Bytes32.of(new byte[Bytes32.LENGTH]), spec, height, 0, 0, 0, true, false, 0, List.of());
    }

    /** A block's cost taken from the budget, using up the epoch's holding first. */
    TaskRecord charged(long cost) {
        return new TaskRecord(poster, spec, postedAt, escrow, budget - cost, Math.max(0, held - cost), filler, settled,
                commits, participants);
    }

    /** The matching sets {@code holding} of the budget aside for the miners it gave the task. */
    TaskRecord holding(long holding) {
        return new TaskRecord(poster, spec, postedAt, escrow, budget, holding, filler, settled, commits, participants);
    }

    /** The last epoch's holding its blocks did not use, taken from the budget for good. */
    TaskRecord forfeited() {
        return new TaskRecord(poster, spec, postedAt, escrow, budget - held, 0, filler, settled, commits, participants);
    }

    TaskRecord withParticipant(Bytes32 miner) {
        if (participants.contains(miner)) {
            return this;
        }
        List<Bytes32> more = new ArrayList<>(participants);
        more.add(miner);
        return new TaskRecord(poster, spec, postedAt, escrow, budget, held, filler, settled, commits, more);
    }

    TaskRecord committed() {
        return new TaskRecord(poster, spec, postedAt, escrow, budget, held, filler, settled, commits + 1,
                participants);
    }

    TaskRecord settledOut() {
        return new TaskRecord(poster, spec, postedAt, 0, 0, 0, filler, true, commits, participants);
    }
}
