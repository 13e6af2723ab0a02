package org.pouw.worker;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.JobHistory;
import org.pouw.client.jobs.Lease;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.jobs.NodeAttempt;
import org.pouw.client.jobs.NodeJob;
import org.pouw.client.jobs.ProofOutcome;
import org.pouw.core.Clock;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.crypto.Ed25519;

/**
 * The market of a node reached over its HTTP API (§5, §6), for {@code pouw worker}: the port's calls made through
 * the typed client of {@code pouw-client}, which does all the HTTP and signs in when it must. Errors are the
 * client's {@link NodeException}, already in the port's language; an invalid proof is a {@link SubmitResult}.
 */
public final class HttpMarket implements MarketAccess {
    private final PouwClient client;

    public HttpMarket(PouwClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** A market at {@code node}, claiming as {@code key}. */
    public static HttpMarket connect(URI node, Ed25519.KeyPair key, Duration requestTimeout, Clock clock) {
        return new HttpMarket(new PouwClient(node, key, requestTimeout, clock));
    }

    @Override
    public String did() {
        return client.did();
    }

    @Override
    public String location() {
        return client.node().toString();
    }

    @Override
    public List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs,
                                  long minReward, WorkerCapacity capacity) {
        return client.jobs().claim(kinds, tiers, maxJobs, leaseMs, minReward, capacity).stream()
                .map(HttpMarket::claimed).toList();
    }

    @Override
    public Lease renew(String jobId, String leaseToken, long extendMs) {
        return client.jobs().renew(jobId, leaseToken, extendMs);
    }

    @Override
    public long reportProgress(String jobId, String leaseToken, long step, double loss) {
        return client.jobs().reportProgress(jobId, leaseToken, step, loss);
    }

    @Override
    public byte[] commit(String jobId, String leaseToken, byte[] commitment) {
        return client.jobs().commit(jobId, leaseToken, commitment);
    }

    @Override
    public SubmitResult submit(String jobId, String leaseToken, byte[] proof) {
        ProofOutcome outcome = client.jobs().submit(jobId, leaseToken, proof);
        return outcome.accepted() ? SubmitResult.accepted(outcome.reward(), outcome.ledgerSeq())
                : SubmitResult.rejected(outcome.reason(), outcome.detail());
    }

    @Override
    public Optional<SubmitResult> settled(String jobId, int attemptNo) {
        JobHistory history = client.jobs().history(jobId);
        for (NodeAttempt attempt : history.attempts()) {
            if (attempt.attempt() != attemptNo || !attempt.proverId().equals(client.did())) {
                continue;
            }
            if (attempt.outcome().equals("completed")) {
                OptionalLong reward = history.rewardPaidTo(client.did());
                return Optional.of(SubmitResult.accepted(reward.orElse(0), history.rewardLedgerSeq()));
            }
            if (attempt.outcome().equals("proof_invalid")) {
                return Optional.of(SubmitResult.rejected("proof_invalid", attempt.reason()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void fail(String jobId, String leaseToken, String reason) {
        client.jobs().fail(jobId, leaseToken, reason);
    }

    @Override
    public void release(String jobId, String leaseToken) {
        client.jobs().release(jobId, leaseToken);
    }

    @Override
    public byte[] blob(String jobId, String key) {
        return client.jobs().blob(key, jobId);
    }

    @Override
    public void close() {
        client.close();
    }

    /** The loop's view of a claimed job; provers take the kind's params as JSON text. */
    private static ClaimedJob claimed(LeasedJob leased) {
        NodeJob job = leased.job();
        long leaseExpiresAtMs = job.leaseExpiresAtMs() > 0 ? job.leaseExpiresAtMs() : leased.lease().expiresAtMs();
        return new ClaimedJob(job.jobId(), job.kind(), job.tierValue(),
                job.status().isEmpty() ? "in_progress" : job.status(), job.intentId(), job.traceHash(),
                job.traceRef(), job.paramsText(), job.feeBudget(), job.rewardBudget(), job.createdAtMs(),
                job.createdSeq(), leaseExpiresAtMs, job.deadlineMs(), job.maxRetries(), job.attempts(),
                leased.lease());
    }
}
