package org.pouw.core.job;

import java.util.Objects;

/**
 * A proof job (ARCHITECTURE.md §5). Immutable; the market derives the next version with the {@code with…} methods
 * and the store writes it back. {@code params} is the work kind's own description of the work (JSON text), and
 * {@code leaseToken} is empty whenever no lease is held.
 */
public record Job(
        String jobId,
        String kind,
        Tier tier,
        JobStatus status,
        String intentId,
        String traceHash,
        String traceRef,
        String params,
        String requester,
        long feeBudget,
        long rewardBudget,
        long createdAtMs,
        long createdSeq,
        String leaseHolder,
        String leaseToken,
        long leaseExpiresAtMs,
        long deadlineMs,
        int maxRetries,
        int attempts,
        long completedAtMs,
        String resultRef,
        String lastError) {

    public Job {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(status, "status");
        leaseHolder = leaseHolder == null ? "" : leaseHolder;
        leaseToken = leaseToken == null ? "" : leaseToken;
        resultRef = resultRef == null ? "" : resultRef;
        lastError = lastError == null ? "" : lastError;
        params = params == null ? "{}" : params;
    }

    /** A fresh pending job as created from an intent. */
    public static Job pending(String jobId, String kind, Tier tier, String intentId, String traceHash,
                              String traceRef, String params, String requester, long feeBudget, long rewardBudget,
                              long createdAtMs, long createdSeq, long deadlineMs, int maxRetries) {
        return new Job(jobId, kind, tier, JobStatus.PENDING, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, "", "", 0, deadlineMs, maxRetries, 0, 0, "", "");
    }

    public boolean isLeasedWith(String token) {
        return status == JobStatus.IN_PROGRESS && !leaseToken.isEmpty() && leaseToken.equals(token);
    }

    public Job leased(String holder, String token, long expiresAtMs) {
        return new Job(jobId, kind, tier, JobStatus.IN_PROGRESS, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, holder, token, expiresAtMs, deadlineMs, maxRetries,
                attempts + 1, completedAtMs, resultRef, lastError);
    }

    public Job withLeaseExpiry(long expiresAtMs) {
        return new Job(jobId, kind, tier, status, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, leaseHolder, leaseToken, expiresAtMs, deadlineMs, maxRetries,
                attempts, completedAtMs, resultRef, lastError);
    }

    /** Back to the queue (or to another terminal state) with the lease cleared and the reason kept. */
    public Job released(JobStatus next, String error) {
        return new Job(jobId, kind, tier, next, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, "", "", 0, deadlineMs, maxRetries, attempts, completedAtMs,
                resultRef, error);
    }

    public Job completed(long atMs, String result) {
        return new Job(jobId, kind, tier, JobStatus.COMPLETED, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, leaseHolder, "", 0, deadlineMs, maxRetries,
                attempts, atMs, result, lastError);
    }

    /**
     * A dead-lettered job requeued by an operator: {@code moreAttempts} more tries. Attempts keep counting, so every
     * attempt in the job's history keeps its own number.
     */
    public Job requeued(int moreAttempts) {
        return new Job(jobId, kind, tier, JobStatus.PENDING, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, "", "", 0, deadlineMs, attempts + moreAttempts,
                attempts, completedAtMs, resultRef, lastError);
    }

}
