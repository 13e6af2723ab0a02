package org.pouw.chain.task;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * How a settled escrow is divided (docs/chain.md §4.4), in exact integers. By rank: participant i (0 the best) gets
 * {@code ⌊E · w_i / Σ w⌋}; equally: {@code ⌊E / P⌋} each. The remainder of the flooring (less than P base units) goes
 * to the first participant — the best ranked, or the earliest commitment — so the shares add up to E exactly.
 */
public final class RankSplit {
    private RankSplit() {
    }

    public static long[] byRank(long escrow, int participants, TaskParameters parameters) {
        long[] weights = new long[participants];
        for (int i = 0; i < participants; i++) {
            weights[i] = parameters.rankWeight(i);
        }
        return byWeights(escrow, weights);
    }

    public static long[] equally(long escrow, int participants) {
        long[] weights = new long[participants];
        Arrays.fill(weights, 1);
        return byWeights(escrow, weights);
    }

    private static long[] byWeights(long escrow, long[] weights) {
        long[] shares = new long[weights.length];
        if (weights.length == 0) {
            return shares;
        }
        BigInteger total = BigInteger.ZERO;
        for (long weight : weights) {
            total = total.add(BigInteger.valueOf(weight));
        }
        long paid = 0;
        for (int i = 0; i < weights.length; i++) {
            shares[i] = BigInteger.valueOf(escrow).multiply(BigInteger.valueOf(weights[i]))
                    .divide(total).longValueExact();
            paid += shares[i];
        }
        shares[0] += escrow - paid;
        return shares;
    }
}
