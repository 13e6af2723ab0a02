package org.pouw.node.pool;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.pouw.client.NodeException;
import org.pouw.client.jobs.Lease;
import org.pouw.core.PouwException;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.Tier;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.SubmitOutcome;
import org.pouw.node.http.ApiErrors;
import org.pouw.worker.ClaimedJob;
import org.pouw.worker.MarketAccess;
import org.pouw.worker.SubmitResult;

/**
 * The node's own market as the worker loop's {@link MarketAccess}, for the node's workers: the same {@link JobMarket}
 * calls the HTTP API makes for a remote worker, as the node's did:key, so their proofs are verified and paid like
 * anyone's. It answers as the API would: a market refusal becomes the {@link NodeException} carrying the status and
 * code the API would send for it, and anything unexpected a 5xx, which the loop retries after a pause.
 *
 * <p>This is the one place where the market's {@link Job} becomes the loop's {@link ClaimedJob}.
 */
public final class InProcessMarket implements MarketAccess {
    private static final Logger LOG = System.getLogger(InProcessMarket.class.getName());
    /** What {@link #location()} shows instead of a URL. */
    static final String LOCATION = "in-process";

    private final JobMarket market;
    private final String did;
    private final Did prover;

    public InProcessMarket(JobMarket market, String did) {
        this.market = Objects.requireNonNull(market, "market");
        this.did = Objects.requireNonNull(did, "did");
        this.prover = Did.of(did);
    }

    @Override
    public String did() {
        return did;
    }

    @Override
    public String location() {
        return LOCATION;
    }

    @Override
    public List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs,
                                  long minReward, WorkerCapacity capacity) {
        return answer(() -> {
            List<Tier> wanted = new ArrayList<>(tiers.size());
            for (String tier : tiers) {
                wanted.add(Tier.parse("tiers", tier));
            }
            return market.claim(prover, new ClaimRequest(kinds, wanted, maxJobs, leaseMs, false, minReward,
                    capacity))
                    .stream()
                    .map(InProcessMarket::claimed).toList();
        });
    }

    @Override
    public Lease renew(String jobId, String leaseToken, long extendMs) {
        Job renewed = answer(() -> market.renew(job(jobId), prover, leaseToken, extendMs));
        return new Lease(renewed.leaseToken(), renewed.leaseExpiresAtMs());
    }

    @Override
    public long reportProgress(String jobId, String leaseToken, long step, double loss) {
        return answer(() -> market.trainingProgress().report(job(jobId), prover, leaseToken,
                new org.pouw.core.market.TrainingProgress.Report(step, loss, null))).nextReportInMs();
    }

    @Override
    public byte[] commit(String jobId, String leaseToken, byte[] commitment) {
        return answer(() -> market.commit(job(jobId), prover, leaseToken, commitment));
    }

    @Override
    public SubmitResult submit(String jobId, String leaseToken, byte[] proof) {
        SubmitOutcome outcome = answer(() -> market.submit(job(jobId), prover, leaseToken, proof));
        return outcome.verdict().accepted()
                ? SubmitResult.accepted(outcome.reward(), outcome.ledgerSeq())
                : SubmitResult.rejected(outcome.verdict().reason().wire(), outcome.verdict().detail());
    }

    @Override
    public java.util.Optional<SubmitResult> settled(String jobId, int attemptNo) {
        org.pouw.core.id.JobId id = job(jobId);
        return answer(() -> market.storage().read(tx -> {
            for (org.pouw.core.job.Attempt attempt : tx.jobs().attempts(id)) {
                if (attempt.attemptNo() != attemptNo || !attempt.proverId().equals(did)) {
                    continue;
                }
                if (attempt.outcome() == org.pouw.core.job.AttemptOutcome.COMPLETED) {
                    return tx.ledger().byKey(org.pouw.core.ledger.EntryDraft.rewardKey(id)).map(entry ->
                            SubmitResult.accepted(entry.postings().stream().filter(p -> p.account().equals(did))
                                    .mapToLong(org.pouw.core.ledger.Posting::amount).sum(), entry.seq()))
                            .or(() -> java.util.Optional.of(SubmitResult.accepted(0, 0)));
                }
                if (attempt.outcome() == org.pouw.core.job.AttemptOutcome.PROOF_INVALID) {
                    return java.util.Optional.of(SubmitResult.rejected("proof_invalid", attempt.reason()));
                }
            }
            return java.util.Optional.<SubmitResult>empty();
        }));
    }

    @Override
    public void fail(String jobId, String leaseToken, String reason) {
        answer(() -> market.fail(job(jobId), prover, leaseToken, reason));
    }

    @Override
    public void release(String jobId, String leaseToken) {
        answer(() -> market.release(job(jobId), prover, leaseToken));
    }

    @Override
    public byte[] blob(String jobId, String key) {
        // The node's own workers read its store directly: they run inside the node, which holds every blob anyway.
        return answer(() -> market.storage().blobs().get(key)
                .orElseThrow(() -> PouwException.notFound("blob " + key)));
    }

    @Override
    public void close() {
        // Nothing to let go of: the market belongs to the node.
    }

    /** The job as a claim over HTTP would have shown it (the job JSON of §5 with its lease). */
    static ClaimedJob claimed(Job job) {
        return new ClaimedJob(job.jobId().hex(), job.kind(), job.tier(), job.status().wire(),
                job.intentId().hex(), job.traceHash().hex(), job.traceRef(), job.params(), job.feeBudget(),
                job.rewardBudget(), job.createdAtMs(), job.createdSeq(), job.leaseExpiresAtMs(), job.deadlineMs(), job.maxRetries(), job.attempts(),
                new Lease(job.leaseToken(), job.leaseExpiresAtMs()));
    }

    /** The loop speaks job ids as text; one that is malformed names no job, as a path id does in the API. */
    private static JobId job(String jobId) {
        if (!JobId.isWellFormed(jobId)) {
            throw PouwException.notFound("job " + jobId);
        }
        return JobId.of(jobId);
    }

    /** Runs a market call and turns what went wrong into the answer the API would have given. */
    private <T> T answer(Supplier<T> call) {
        try {
            return call.get();
        } catch (PouwException e) {
            throw new NodeException(ApiErrors.status(e.problem()).code(), e.problem().code(), e.getMessage(), null, e);
        } catch (RuntimeException e) {
            // The API answers 503 while the database is away and 500 for a bug; the loop retries either later.
            boolean databaseAway = !market.storage().isReachable();
            if (!databaseAway) {
                LOG.log(Level.WARNING, "the node's own worker hit an unexpected failure", e);
            }
            throw new NodeException(databaseAway ? 503 : 500, databaseAway ? "unavailable" : "internal",
                    e.getMessage() == null ? e.toString() : e.getMessage(), null, e);
        }
    }
}
