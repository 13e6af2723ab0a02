package org.pouw.core.market;

import org.pouw.core.id.Hash32;

/**
 * One job a work kind carved out of an intent, before the market numbers, funds and stores it. {@code workUnits} is
 * the job's share of the intent's work: the intent's fee is split between its jobs in proportion to it (a
 * {@code vm-stark} job's is max(steps, P′), the rows its proof costs; kinds whose jobs cost alike give each 1).
 */
public record PlannedJob(String kind, Hash32 traceHash, String traceRef, String params, long workUnits) {
    public PlannedJob {
        if (workUnits < 1) {
            throw new IllegalArgumentException("workUnits must be at least 1, got " + workUnits);
        }
    }

    /** A job that costs as much as each of its intent's other jobs. */
    public PlannedJob(String kind, Hash32 traceHash, String traceRef, String params) {
        this(kind, traceHash, traceRef, params, 1);
    }
}
