package org.pouw.core.market;

import org.pouw.core.standing.ProverLevel;
import org.pouw.core.work.AuditSample;

/**
 * What a prover's level ({@link org.pouw.core.standing.ProverLevel}) governs, when turned on (issue 27, item 4;
 * docs/economics.md, "Levels"): how many leases it may hold at once ({@link LeaseAllowance}), how many steps of its
 * {@code ml-train} work are audited ({@link AuditSample}), and that one failed audit puts it back on probation. Off
 * (the default) the level is only shown, and claims, audits and failures are as before.
 *
 * @param enabled           whether levels have these consequences
 * @param maxLeases         the most leases an established or trusted prover may hold at once, however long its record
 * @param allowanceWindowMs the window of verified work in which a prover's lease allowance may double once
 * @param auditFloor        the fewest steps an {@code ml-train} challenge audits, whatever the level
 */
public record LevelConsequences(boolean enabled, int maxLeases, long allowanceWindowMs, int auditFloor) {
    /** Off: levels are shown and govern nothing. */
    public static final LevelConsequences OFF = new LevelConsequences(false, 64, 3_600_000L, 8);

    public LevelConsequences {
        if (maxLeases < 1 || maxLeases > 1_000_000) {
            throw new IllegalArgumentException("reputation.max_leases must be in [1, 1000000], got " + maxLeases);
        }
        if (allowanceWindowMs < 1) {
            throw new IllegalArgumentException("reputation.allowance_window_ms must be > 0, got " + allowanceWindowMs);
        }
        if (auditFloor < 1 || auditFloor > 1 << 16) {
            throw new IllegalArgumentException("reputation.audit_floor must be in [1, 65536], got " + auditFloor);
        }
    }

    /**
     * The audit sample of a prover at {@code level} (docs/ml.md, "Audits by level"): the full count on probation (and
     * with levels off); half of it for an established prover and a quarter for a trusted one, never below the floor,
     * and the full count on one challenge in {@link AuditSample#FULL_ONE_IN} whatever the level.
     */
    public AuditSample auditSample(ProverLevel level) {
        if (!enabled) {
            return AuditSample.FULL;
        }
        return switch (level) {
            case QUARANTINED, PROBATION -> AuditSample.FULL;
            case ESTABLISHED -> new AuditSample(500, auditFloor);
            case TRUSTED -> new AuditSample(250, auditFloor);
        };
    }

    /** These consequences turned on. */
    public LevelConsequences on() {
        return new LevelConsequences(true, maxLeases, allowanceWindowMs, auditFloor);
    }
}
