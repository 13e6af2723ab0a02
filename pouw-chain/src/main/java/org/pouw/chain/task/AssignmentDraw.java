package org.pouw.chain.task;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * The matching of miners to tasks for one epoch (docs/chain.md §4.3), a pure function of its inputs. Miner m draws
 * {@code u = BLAKE3("pouw-chain-assign-v1" ‖ beacon ‖ m)} read as an unsigned 256-bit number, and takes the point
 * {@code u mod W} on the line of the candidates' weights laid end to end in the given order, then the filler weight.
 * A paid task that already holds M_task miners, or as many as its budget pays holdings for (its slots), passes the
 * miner on to the next paid task in order (cyclically) that does not; when all are full, or the point falls on the filler weight, the miner trains the filler task. Miners
 * draw in the given order (the state gives them by active stake, then key), so "full" is decided the same way by
 * every node. The bias of {@code u mod W} is below {@code W / 2^256}, nothing for weights under 2^64.
 */
public final class AssignmentDraw {
    private static final byte[] DOMAIN = "pouw-chain-assign-v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * A paid task in the draw, its weight (its remaining budget) and how many miners it can take at most: the miners
     * whose holding its budget can pay (docs/chain.md §4.3), M_task bounding it again in {@link #assign}.
     */
    public record Candidate(Bytes32 task, BigInteger weight, int slots) {
        public Candidate {
            if (task == null || weight == null || weight.signum() <= 0) {
                throw new IllegalArgumentException("a candidate needs a task and a positive weight");
            }
            if (slots < 1) {
                throw new IllegalArgumentException("a candidate needs room for a miner, got " + slots + " slots");
            }
        }

        /** A candidate bounded by M_task alone. */
        public Candidate(Bytes32 task, BigInteger weight) {
            this(task, weight, Integer.MAX_VALUE);
        }
    }

    private AssignmentDraw() {
    }

    /** The draw of {@code miner}: {@code BLAKE3("pouw-chain-assign-v1" ‖ beacon ‖ miner)} as an unsigned number. */
    public static BigInteger draw(Bytes32 beacon, Bytes32 miner) {
        return new BigInteger(1, Blake3.hash(DOMAIN, beacon.toArray(), miner.toArray()));
    }

    /**
     * Each miner's task, in the miners' order; {@code filler} (which may be null: no filler task this epoch) for
     * those the paid tasks do not take, and no entry at all when they would get a null filler.
     */
    public static Map<Bytes32, Bytes32> assign(Bytes32 beacon, List<Bytes32> miners, List<Candidate> candidates,
                                               BigInteger fillerWeight, int minersPerTask, Bytes32 filler) {
        BigInteger total = fillerWeight;
        for (Candidate candidate : candidates) {
            total = total.add(candidate.weight());
        }
        int[] taken = new int[candidates.size()];
        Map<Bytes32, Bytes32> assigned = new LinkedHashMap<>();
        for (Bytes32 miner : miners) {
            int chosen = -1;
            if (total.signum() > 0) {
                BigInteger point = draw(beacon, miner).mod(total);
                for (int i = 0; i < candidates.size(); i++) {
                    if (point.compareTo(candidates.get(i).weight()) < 0) {
                        chosen = i;
                        break;
                    }
                    point = point.subtract(candidates.get(i).weight());
                }
            }
            if (chosen >= 0) {
                chosen = firstNotFull(taken, chosen, candidates, minersPerTask);
            }
            if (chosen >= 0) {
                taken[chosen]++;
                assigned.put(miner, candidates.get(chosen).task());
            } else if (filler != null) {
                assigned.put(miner, filler);
            }
        }
        return assigned;
    }

    private static int firstNotFull(int[] taken, int from, List<Candidate> candidates, int cap) {
        for (int k = 0; k < taken.length; k++) {
            int i = (from + k) % taken.length;
            if (taken[i] < Math.min(cap, candidates.get(i).slots())) {
                return i;
            }
        }
        return -1;
    }
}
