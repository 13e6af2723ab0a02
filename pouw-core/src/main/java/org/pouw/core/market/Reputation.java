package org.pouw.core.market;

/**
 * A prover's reputation (issue 27, item 4, in part; docs/economics.md, "Reputation"): the lower bound of the Wilson
 * score interval at 95 % confidence (z = 1.96) on the share of its leases that ended in a verified result, from the
 * outcomes the node recorded (results completed, leases failed), in thousandths, rounded down. A lower confidence
 * bound, not a raw ratio: a fresh identity scores 0, one result scores 206, and the score nears the true ratio only
 * as the record grows, so a few lucky jobs buy little. {@link StrictMath} throughout, so every node computes the same
 * score from the same counts.
 */
public final class Reputation {
    private static final double Z = 1.96;

    private Reputation() {
    }

    /** The score, 0 to 1000, of a prover with {@code completed} verified results and {@code failed} failed leases. */
    public static int permille(long completed, long failed) {
        if (completed < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + completed + " and " + failed);
        }
        double n = (double) completed + (double) failed;
        if (n == 0) {
            return 0;
        }
        double p = completed / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * StrictMath.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double lower = (centre - spread) / (1 + z2 / n);
        return (int) StrictMath.floor(Math.clamp(lower, 0.0, 1.0) * 1000);
    }

    /**
     * The collateral a prover of score {@code permille} locks for a claim whose base collateral is {@code base}:
     * {@code base × (2000 − score) / 1000}, rounded up: twice the base for an unknown prover, down to the base for a
     * flawless long record; {@code Long.MAX_VALUE} (which no balance covers) when it would not fit a long.
     */
    public static long collateral(long base, int permille) {
        if (permille < 0 || permille > 1000) {
            throw new IllegalArgumentException("score must be in [0, 1000], got " + permille);
        }
        int factor = 2000 - permille;
        if (base / 1000 > Long.MAX_VALUE / 2000 - 1) {
            return Long.MAX_VALUE;
        }
        long down = base / 1000 * factor + base % 1000 * factor / 1000;
        return base % 1000 * factor % 1000 == 0 ? down : down + 1;
    }
}
