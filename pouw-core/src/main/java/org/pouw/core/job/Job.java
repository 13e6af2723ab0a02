package org.pouw.core.job;

import java.util.Objects;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;

/**
 * A proof job (ARCHITECTURE.md §5). Immutable; the market derives the next version with the {@code with…} methods
 * and the store writes it back. {@code params} is the work kind's own description of the work (JSON text), and
 * {@code leaseToken} is empty whenever no lease is held. For kinds verified by commit → challenge → open,
 * {@code commitment} and {@code challenge} (hex) hold the current lease's exchange: empty until the worker commits,
 * cleared when the lease ends without a result, so every attempt meets a fresh challenge. {@code resultInfo} is
 * what the verifier recorded about an accepted result (JSON text, e.g. a trained model's held-out quality).
 *
 * <p>The reverse auction and collateral (issue 27, items 2 and 4; docs/economics.md): {@code price} is the reward
 * fixed at the job's first claim ({@link #UNPRICED} until then, and always when the auction is off: the whole
 * {@code rewardBudget} is paid); {@code collateral} is what the current lease's holder has locked for it (0 when no
 * lease is held); {@code forfeitsHeld} is the collateral earlier holders forfeited on this job, held until the job
 * ends and then paid to whoever completes it, or kept by the node.
 */
public record Job(
        JobId jobId,
        String kind,
        Tier tier,
        JobStatus status,
        IntentId intentId,
        Hash32 traceHash,
        String traceRef,
        String params,
        Did requester,
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
        String lastError,
        String commitment,
        String challenge,
        String resultInfo,
        long price,
        long collateral,
        long forfeitsHeld) {

    /** {@link #price} of a job no claim has priced yet (the reverse auction is off, or it was never claimed). */
    public static final long UNPRICED = -1;

    public Job {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(intentId, "intentId");
        Objects.requireNonNull(traceHash, "traceHash");
        Objects.requireNonNull(requester, "requester");
        leaseHolder = leaseHolder == null ? "" : leaseHolder;
        leaseToken = leaseToken == null ? "" : leaseToken;
        resultRef = resultRef == null ? "" : resultRef;
        lastError = lastError == null ? "" : lastError;
        params = params == null ? "{}" : params;
        commitment = commitment == null ? "" : commitment;
        challenge = challenge == null ? "" : challenge;
        resultInfo = resultInfo == null || resultInfo.isEmpty() ? "{}" : resultInfo;
    }

    /** A fresh pending job as created from an intent. */
    public static Job pending(JobId jobId, String kind, Tier tier, IntentId intentId, Hash32 traceHash,
                              String traceRef, String params, Did requester, long feeBudget, long rewardBudget,
                              long createdAtMs, long createdSeq, long deadlineMs, int maxRetries) {
        return new Job(jobId, kind, tier, JobStatus.PENDING, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, "", "", 0, deadlineMs, maxRetries, 0, 0, "", "", "", "",
                "{}", UNPRICED, 0, 0);
    }

    public boolean isLeasedWith(String token) {
        return status == JobStatus.IN_PROGRESS && !leaseToken.isEmpty() && leaseToken.equals(token);
    }

    public Job leased(String holder, String token, long expiresAtMs) {
        return new Job(jobId, kind, tier, JobStatus.IN_PROGRESS, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, holder, token, expiresAtMs, deadlineMs, maxRetries,
                attempts + 1, completedAtMs, resultRef, lastError, "", "", resultInfo, price, 0, forfeitsHeld);
    }

    public Job withLeaseExpiry(long expiresAtMs) {
        return new Job(jobId, kind, tier, status, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, leaseHolder, leaseToken, expiresAtMs, deadlineMs, maxRetries,
                attempts, completedAtMs, resultRef, lastError, commitment, challenge, resultInfo, price, collateral,
                forfeitsHeld);
    }

    /** The worker's commitment for this lease and the challenge the verifier drew for it, both hex. */
    public Job committed(String commitmentHex, String challengeHex) {
        return new Job(jobId, kind, tier, status, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, leaseHolder, leaseToken, leaseExpiresAtMs, deadlineMs,
                maxRetries, attempts, completedAtMs, resultRef, lastError, commitmentHex, challengeHex, resultInfo, price,
                collateral, forfeitsHeld);
    }

    public boolean hasCommitment() {
        return !commitment.isEmpty();
    }

    /** Back to the queue (or to another terminal state) with the lease cleared and the reason kept. */
    public Job released(JobStatus next, String error) {
        return new Job(jobId, kind, tier, next, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, "", "", 0, deadlineMs, maxRetries, attempts, completedAtMs,
                resultRef, error, "", "", resultInfo, price, 0, forfeitsHeld);
    }

    /** Completed with the proof stored at {@code result}; the exchange that led to it is kept as a record. */
    public Job completed(long atMs, String result, String info) {
        return new Job(jobId, kind, tier, JobStatus.COMPLETED, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, leaseHolder, "", 0, deadlineMs, maxRetries,
                attempts, atMs, result, lastError, commitment, challenge, info, price, 0, forfeitsHeld);
    }

    /**
     * The same job with one more attempt allowed: the attempt just ended does not count against {@code max_retries}
     * (a failure that was not the prover's doing, or one by an identity whose attempts are discounted).
     */
    public Job discounted() {
        return new Job(jobId, kind, tier, status, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, leaseHolder, leaseToken, leaseExpiresAtMs, deadlineMs,
                maxRetries + 1, attempts, completedAtMs, resultRef, lastError, commitment, challenge, resultInfo, price,
                collateral,
                forfeitsHeld);
    }

    /**
     * A dead-lettered job requeued by an operator: {@code moreAttempts} more tries. Attempts keep counting, so every
     * attempt in the job's history keeps its own number.
     */
    public Job requeued(int moreAttempts) {
        return new Job(jobId, kind, tier, JobStatus.PENDING, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, "", "", 0, deadlineMs, attempts + moreAttempts,
                attempts, completedAtMs, resultRef, lastError, "", "", resultInfo, price, 0, forfeitsHeld);
    }

    /** The reward its prover is paid in full: the price fixed at its first claim, or the whole budget if none. */
    public long reward() {
        return price == UNPRICED ? rewardBudget : price;
    }

    /** The claimed job with its price (fixed now, or kept from its first claim) and the collateral its lease locks. */
    public Job priced(long fixedPrice, long locked) {
        return new Job(jobId, kind, tier, status, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, leaseHolder, leaseToken, leaseExpiresAtMs, deadlineMs,
                maxRetries, attempts, completedAtMs, resultRef, lastError, commitment, challenge, resultInfo,
                fixedPrice, locked, forfeitsHeld);
    }

    /** The job with {@code amount} more forfeited collateral held for whoever completes it. */
    public Job withForfeit(long amount) {
        return new Job(jobId, kind, tier, status, intentId, traceHash, traceRef, params, requester, feeBudget,
                rewardBudget, createdAtMs, createdSeq, leaseHolder, leaseToken, leaseExpiresAtMs, deadlineMs,
                maxRetries, attempts, completedAtMs, resultRef, lastError, commitment, challenge, resultInfo, price,
                collateral, Math.addExact(forfeitsHeld, amount));
    }

    /**
     * A just-claimed job put back as it was before the claim (pending, no lease, the attempt not made): the claim
     * took it but its holder's ask is above what it offers, so it is left for a later claim.
     */
    public Job unclaimed() {
        return new Job(jobId, kind, tier, JobStatus.PENDING, intentId, traceHash, traceRef, params, requester,
                feeBudget, rewardBudget, createdAtMs, createdSeq, "", "", 0, deadlineMs, maxRetries, attempts - 1,
                completedAtMs, resultRef, lastError, "", "", resultInfo, price, 0, forfeitsHeld);
    }
}
