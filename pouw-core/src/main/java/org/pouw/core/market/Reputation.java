package org.pouw.core.market;

import java.math.BigInteger;
import org.pouw.core.job.Job;
import org.pouw.core.job.ReputationRecord;

/**
 * A prover's reputation (issue 27, item 4; docs/economics.md, "Reputation"): the lower bound of the Wilson score
 * interval at 95 % confidence (z = 1.96) on the share of good outcomes among the weighed ones, in thousandths, rounded
 * down. A lower confidence bound, not a raw ratio: a fresh identity scores 0, one result scores 206, and the score
 * nears the true ratio only as the record grows, so a few lucky jobs buy little.
 *
 * <p>What is weighed, in thousandths of a job ({@link ReputationRecord}): a verified result of a job paid by someone
 * else is good, {@link #credit} of it (in proportion to the margin the node kept, up to one whole result); a lease that
 * ended without a result by its holder's doing (a fail, a lapse, a rejected proof, a lease held past the deadline) is
 * one bad; a proof rejected after its audit challenge was drawn (a failed audit) is {@link #FAILED_AUDIT}; a result
 * delivered after its deadline (late work) earns no credit and weighs {@link #LATE} bad. Every weight decays by half
 * every {@link #HALF_LIFE_MS}. {@link StrictMath} throughout, so every node computes the same score from the same
 * record and clock.
 */
public final class Reputation {
    private static final double Z = 1.96;
    /** Thirty days: an outcome weighs half as much a month later, a sixteenth after four months. */
    public static final long HALF_LIFE_MS = 30L * 86_400_000L;
    /** One job's weight. */
    public static final long WHOLE = 1000;
    /** The bad weight of a result delivered after its deadline (it earns no credit either). */
    public static final long LATE = 500;
    /** The bad weight of a proof rejected after its audit challenge was drawn. */
    public static final long FAILED_AUDIT = 3000;

    private Reputation() {
    }

    /** The score, 0 to 1000, of a prover with {@code completed} verified results and {@code failed} failed leases. */
    public static int permille(long completed, long failed) {
        if (completed < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + completed + " and " + failed);
        }
        return wilson(completed, failed);
    }

    /** The score of {@code record} at {@code nowMs}: its weights decayed to then, in whole jobs. */
    public static int permille(ReputationRecord record, long nowMs) {
        return wilson(decayed(record.goodMilli(), record.atMs(), nowMs) / (double) WHOLE,
                decayed(record.badMilli(), record.atMs(), nowMs) / (double) WHOLE);
    }

    /** {@code record} decayed to {@code nowMs} with {@code good} and {@code bad} (thousandths) added. */
    public static ReputationRecord add(ReputationRecord record, long good, long bad, long nowMs) {
        if (good < 0 || bad < 0) {
            throw new IllegalArgumentException("weights are >= 0, got " + good + " and " + bad);
        }
        return new ReputationRecord(record.proverId(),
                saturatingAdd(decayed(record.goodMilli(), record.atMs(), nowMs), good),
                saturatingAdd(decayed(record.badMilli(), record.atMs(), nowMs), bad), Math.max(record.atMs(), nowMs),
                record.leaseAllowance(), record.allowanceAtMs());
    }

    /**
     * {@code milli × 2^(−(toMs − fromMs) / HALF_LIFE_MS)}, rounded down; unchanged when {@code toMs} is not later (a
     * node whose clock is behind the record's never makes it heavier).
     */
    static long decayed(long milli, long fromMs, long toMs) {
        if (milli == 0 || toMs <= fromMs) {
            return milli;
        }
        double factor = StrictMath.pow(0.5, (double) (toMs - fromMs) / HALF_LIFE_MS);
        return (long) StrictMath.floor(milli * factor);
    }

    /**
     * The good weight of a verified result of {@code job} by {@code prover}: nothing for the prover's own job; else
     * {@code WHOLE × margin / creditUnit}, at most {@code WHOLE}, with margin = fee_budget − reward_budget, what the
     * node keeps of the job's fee. So one whole result of reputation costs whoever farms it at least
     * {@code creditUnit} paid to the node, whichever identity posts the work; nothing when the result is late.
     */
    public static long credit(Job job, String prover, long creditUnit, long completedAtMs) {
        if (job.requester().text().equals(prover) || completedAtMs > job.deadlineMs()) {
            return 0;
        }
        long margin = Math.max(0, job.feeBudget() - job.rewardBudget());
        if (margin >= creditUnit) {
            return WHOLE;
        }
        return BigInteger.valueOf(margin).multiply(BigInteger.valueOf(WHOLE))
                .divide(BigInteger.valueOf(creditUnit)).longValueExact();
    }

    private static long saturatingAdd(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private static int wilson(double good, double bad) {
        double n = good + bad;
        if (n <= 0) {
            return 0;
        }
        double p = good / n;
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
