package org.pouw.worker;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.pouw.client.AuthToken;
import org.pouw.client.JobsApi;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.Job;
import org.pouw.client.jobs.Lease;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.jobs.ProofOutcome;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;

/**
 * The worker's side of the job market (ARCHITECTURE.md §5, §6) — sign-in, claim, renew, commit, submit, fail and
 * blob download — in the worker's own types, over the typed API client of {@code pouw-client}, which does all the
 * HTTP. Every call is blocking and safe to make from many (virtual) threads at once. Errors surface as
 * {@link NodeException}; an invalid proof is an expected outcome and comes back as a {@link SubmitResult}.
 */
public final class NodeClient implements AutoCloseable {
    static final int MAX_REASON_CHARS = JobsApi.MAX_REASON_CHARS;

    private final PouwClient client;

    public NodeClient(URI node, Ed25519.KeyPair key, Duration requestTimeout, Clock clock) {
        this.client = new PouwClient(node, key, requestTimeout, clock);
    }

    public String did() {
        return client.did();
    }

    public URI node() {
        return client.node();
    }

    /** Challenge → signature → token (§5). Callers rarely need this: every other call signs in when it must. */
    public AuthToken signIn() {
        return client.auth().signIn();
    }

    /** Claims up to {@code maxJobs} jobs; an empty list when the node has none (204). */
    public List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs) {
        return client.jobs().claim(kinds, tiers, maxJobs, leaseMs).stream().map(NodeClient::claimed).toList();
    }

    /** Extends a lease; {@link NodeException#isLeaseLost()} when the lease moved on (409). */
    public Lease renew(String jobId, String leaseToken, long extendMs) {
        return client.jobs().renew(jobId, leaseToken, extendMs);
    }

    /**
     * Sends the commitment of a commit → challenge → open job and returns the node's challenge. Sending the same
     * commitment again returns the same challenge, so a call that got no answer can simply be repeated.
     */
    public byte[] commit(String jobId, String leaseToken, byte[] commitment) {
        return client.jobs().commit(jobId, leaseToken, commitment);
    }

    /** Submits a proof; a 422 {@code proof_invalid} is a rejected result, a 409 a lost lease. */
    public SubmitResult submit(String jobId, String leaseToken, byte[] proof) {
        return result(client.jobs().submit(jobId, leaseToken, proof));
    }

    /** One proof of a batch: the job, the lease that holds it, the proof bytes. */
    public record BatchSubmission(String jobId, String leaseToken, byte[] proof) {
    }

    /**
     * Submits several proofs in one request; the node settles them in one transaction. One result per submission,
     * in order: accepted with its reward, or rejected with the reason ({@code proof_invalid}, {@code lease_lost},
     * {@code not_found}).
     */
    public List<SubmitResult> submitBatch(List<BatchSubmission> submissions) {
        return client.jobs().submitBatch(submissions.stream()
                        .map(s -> new org.pouw.client.jobs.BatchSubmission(s.jobId(), s.leaseToken(), s.proof()))
                        .toList())
                .stream().map(NodeClient::result).toList();
    }

    /** Gives a job back with a reason, so it returns to the queue now instead of at lease expiry. */
    public void fail(String jobId, String leaseToken, String reason) {
        client.jobs().fail(jobId, leaseToken, reason);
    }

    /** The raw bytes stored under {@code key}; {@link VerifiedBlobSource} checks them against the key. */
    public byte[] blob(String key) {
        return client.jobs().blob(key);
    }

    /** Closes the connections; calls still in flight fail rather than hold up a shutdown. */
    @Override
    public void close() {
        client.close();
    }

    private static SubmitResult result(ProofOutcome outcome) {
        return outcome.accepted() ? SubmitResult.accepted(outcome.reward(), outcome.ledgerSeq())
                : SubmitResult.rejected(outcome.reason(), outcome.detail());
    }

    /** The worker's view of a claimed job; provers take the kind's params as JSON text. */
    private static ClaimedJob claimed(LeasedJob leased) {
        Job job = leased.job();
        long leaseExpiresAtMs = job.leaseExpiresAtMs() > 0 ? job.leaseExpiresAtMs() : leased.lease().expiresAtMs();
        return new ClaimedJob(job.jobId(), job.kind(), job.tierValue(),
                job.status().isEmpty() ? "in_progress" : job.status(), job.intentId(), job.traceHash(),
                job.traceRef(), job.paramsText(), job.feeBudget(), job.rewardBudget(), job.createdAtMs(),
                job.createdSeq(), leaseExpiresAtMs, job.deadlineMs(), job.maxRetries(), job.attempts(),
                leased.lease());
    }
}
