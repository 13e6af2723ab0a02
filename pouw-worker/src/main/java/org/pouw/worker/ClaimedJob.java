package org.pouw.worker;

import org.pouw.client.jobs.Lease;
import org.pouw.core.id.Did;
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

    /**
     * What the prover works on, for this worker's own DID: the lease is ours, and kinds that bind proofs to their
     * prover (hash-chain) prove for it. A fake market in a test may have no well-formed DID; the item then names
     * no prover, and only such kinds refuse it.
     */
    public WorkItem toWorkItem(BlobSource blobs, String workerDid) {
        WorkItem item = new WorkItem(jobId, kind, tier, traceHash, traceRef, params, blobs);
        return Did.isWellFormed(workerDid) ? item.forProver(Did.of(workerDid)) : item;
    }
}
