package org.pouw.core.market;

import java.util.Objects;
import org.pouw.core.id.Hash32;
import org.pouw.core.job.JobNeeds;

/**
 * One job a work kind carved out of an intent, before the market numbers, funds and stores it. {@code workUnits} is
 * the job's share of the intent's work: the intent's fee is split between its jobs in proportion to it (a
 * {@code vm-stark} job's is max(steps, P′), the rows its proof costs; kinds whose jobs cost alike give each 1), and a
 * worker's declared largest job is compared with it. {@code needs}: what the job asks of its prover's machine
 * (issue 27, item 3), stored with the job for matching and checked against the node's caps at posting.
 */
public record PlannedJob(String kind, Hash32 traceHash, String traceRef, String params, long workUnits,
                         JobNeeds needs) {
    public PlannedJob {
        Objects.requireNonNull(needs, "needs");
        if (workUnits < 1) {
            throw new IllegalArgumentException("workUnits must be at least 1, got " + workUnits);
        }
    }

    /** A job of {@code workUnits} that states no needs. */
    public PlannedJob(String kind, Hash32 traceHash, String traceRef, String params, long workUnits) {
        this(kind, traceHash, traceRef, params, workUnits, JobNeeds.NONE);
    }

    /** A job that costs as much as each of its intent's other jobs. */
    public PlannedJob(String kind, Hash32 traceHash, String traceRef, String params) {
        this(kind, traceHash, traceRef, params, 1);
    }
}
