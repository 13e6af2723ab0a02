package org.pouw.worker;

import org.pouw.client.jobs.Lease;
import org.pouw.core.job.Tier;
import org.pouw.core.work.BlobSource;
import org.pouw.core.work.WorkItem;

/**
 * A claimed job as the worker loop sees it, from either market (job fields of ARCHITECTURE.md §5 plus its
 * {@code lease}). {@code params} is the kind's own JSON object, kept as text because that is how provers take it.
 */
public record ClaimedJob(
        String jobId,
        String kind,
        Tier tier,
        String status,
        String intentId,
        String traceHash,
        String traceRef,
        String params,
        long feeBudget,
        long rewardBudget,
        long createdAtMs,
        long createdSeq,
        long leaseExpiresAtMs,
        long deadlineMs,
        int maxRetries,
        int attempts,
        Lease lease) {

    public WorkItem toWorkItem(BlobSource blobs) {
        return new WorkItem(jobId, kind, tier, traceHash, traceRef, params, blobs);
    }
}
