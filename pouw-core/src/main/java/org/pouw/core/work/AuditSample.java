package org.pouw.core.work;

/**
 * How many of a committed job's steps its challenge audits, by the prover's level (issue 27, item 4; docs/ml.md,
 * "Audits by level"). The count is a public function of the job's full count (its {@code audits}), this sample and
 * the challenge's nonce, which the verifier draws only after it holds the commitment: one challenge in
 * {@link #FULL_ONE_IN} (the nonce's first byte a multiple of four) audits the full count whatever the level, so no
 * prover can rely on a small sample; the others audit {@code permille} of it, rounded up, never fewer than the floor
 * (nor more than the full count). Anyone holding the challenge, the job and the prover's level recomputes it.
 *
 * @param permille the share of the full count audited when the coin does not call for all of it; 1000 audits all
 * @param floor    the fewest steps audited, whatever the share
 */
public record AuditSample(int permille, int floor) {
    /** The full count on every challenge: a prover on probation, or levels off (as before). */
    public static final AuditSample FULL = new AuditSample(1000, 1);
    /** One challenge in this many audits the full count, whatever the level. */
    public static final int FULL_ONE_IN = 4;

    public AuditSample {
        if (permille < 1 || permille > 1000) {
            throw new IllegalArgumentException("audit share must be in [1, 1000] permille, got " + permille);
        }
        if (floor < 1) {
            throw new IllegalArgumentException("audit floor must be >= 1, got " + floor);
        }
    }

    /** The steps a challenge whose nonce starts with {@code firstNonceByte} audits, of a job auditing {@code full}. */
    public int count(int full, byte firstNonceByte) {
        if (full < 1) {
            throw new IllegalArgumentException("the full count must be >= 1, got " + full);
        }
        if (permille == 1000 || Byte.toUnsignedInt(firstNonceByte) % FULL_ONE_IN == 0) {
            return full;
        }
        long share = ((long) full * permille + 999) / 1000;
        return (int) Math.min(full, Math.max(share, floor));
    }
}
