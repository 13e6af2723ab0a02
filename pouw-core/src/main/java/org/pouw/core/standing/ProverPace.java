package org.pouw.core.standing;

/**
 * How much faster than the node's slowest assumed speed a prover has proven to be (issue 27, item 3), in thousandths
 * ({@code permille}: 1000 is the slowest, what every fresh identity is taken for), and when that was last measured.
 * A claim offers a job only if its time at the slowest speed, divided by this pace, fits before its deadline.
 *
 * <p>Written against the attacks of docs/economics.md, "Matching by capability": the pace is measured only on jobs
 * paid by others and verified on time (the caller's rule), so self-posted work, which a prover could prove before
 * claiming it, raises nothing; one sample slower than the pace lowers it at once, while a faster one raises it a
 * quarter of the way, so a colluding partner must pay for many jobs to lift it; it is capped at {@link #MAX}; a
 * late result or an expired lease puts the prover back at the slowest speed; a pace not measured for
 * {@link #FORGET_AFTER_MS} is forgotten (a sold identity or a swapped machine); and it never drops below the slowest
 * speed, at which every job the node accepted fits when posted, so no prover is offered nothing forever.
 */
public record ProverPace(long permille, long measuredAtMs) {
    /** The slowest assumed speed: a fresh identity's pace. */
    public static final long SLOWEST = 1_000;
    /** At most 16 times the slowest speed, however fast a prover seems. */
    public static final long MAX = 16_000;
    /** A week without a sample, and the pace is forgotten. */
    public static final long FORGET_AFTER_MS = 7L * 24 * 3_600_000;
    /** A prover never measured. */
    public static final ProverPace FRESH = new ProverPace(SLOWEST, 0);

    public ProverPace {
        if (permille < SLOWEST || permille > MAX) {
            throw new IllegalArgumentException("pace must be in [" + SLOWEST + ", " + MAX + "], got " + permille);
        }
    }

    /**
     * The pace a claim at {@code nowMs} is offered by, rounded down to a power of two times the slowest speed: fewer
     * distinct values keep a claim group's orders alike (PostgreSQL serves alike orders in one scan), and rounding
     * down errs on the side of the client's deadline. The slowest speed once forgotten.
     */
    public long offeredAt(long nowMs) {
        return forgottenAt(nowMs) ? SLOWEST : SLOWEST * Long.highestOneBit(permille / SLOWEST);
    }

    /** Whether a measurement counts at {@code nowMs}: one was taken, within {@link #FORGET_AFTER_MS}. */
    public boolean measuredAt(long nowMs) {
        return !forgottenAt(nowMs);
    }

    private boolean forgottenAt(long nowMs) {
        return measuredAtMs == 0 || nowMs - measuredAtMs > FORGET_AFTER_MS;
    }

    /**
     * This pace after a job paid by others, {@code slowestMs} long at the slowest speed, was proven in
     * {@code elapsedMs} from claim to verified result: a slower sample is taken at once, a faster one a quarter of
     * the way. A job that states no time ({@code slowestMs} 0) tells nothing.
     */
    public ProverPace after(long slowestMs, long elapsedMs, long nowMs) {
        if (slowestMs <= 0) {
            return this;
        }
        long sample = slowestMs > Long.MAX_VALUE / SLOWEST ? MAX
                : Math.clamp(slowestMs * SLOWEST / Math.max(1, elapsedMs), SLOWEST, MAX);
        long current = forgottenAt(nowMs) ? SLOWEST : permille;
        long next = sample <= current ? sample : current + Math.ceilDiv(sample - current, 4);
        return new ProverPace(next, nowMs);
    }

    /** Back to the slowest speed: a late result or an expired lease. */
    public static ProverPace reset(long nowMs) {
        return new ProverPace(SLOWEST, nowMs);
    }
}
