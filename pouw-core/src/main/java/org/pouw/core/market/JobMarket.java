package org.pouw.core.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.Committed;
import org.pouw.core.port.KindPrice;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverStanding;
import org.pouw.core.work.WorkKinds;

/**
 * The job market's rules (ARCHITECTURE.md §6): claims under leases, token-fenced renew/submit/fail, verification
 * before payment, retries and the dead-letter queue. Every state change commits together with its attempt row,
 * event rows and ledger postings; the market itself holds no state, so several nodes can share one database.
 *
 * <p>This class is the market's front: each verb is carried out by a class of its own ({@link IntentOpening},
 * {@link ClaimGroups}, {@link ProofSettling}, {@link LeaseReturns}, {@link ReaperPass}, {@link Commitments},
 * {@link MarketOperator}), which share the rules for ending a lease ({@link Settlement}, {@link FailedLeases}).
 */
public final class JobMarket {
    private final Storage storage;
    private final Clock clock;
    private final WorkKinds kinds;
    private final MarketSettings settings;
    private final MarketObserver observer;
    private final BatchRiders batchRiders;
    private final Commitments commitments;
    private final ProverDiscipline discipline;
    private final LeaseGrace grace;
    private final RefusalNotes refusals;
    private final IdempotentIntents idempotentIntents;
    private final RequesterCancellation cancellations;
    private final BlobReaders blobReaders;
    private final MarketOperator operator;
    private final ClaimGroups claims;
    private final ProofSettling proofs;
    private final LeaseReturns returns;
    private final ReaperPass reaper;
    private final TrainingProgress trainingProgress;

    public JobMarket(Storage storage, Clock clock, WorkKinds kinds, MarketSettings settings,
                     MarketObserver observer) {
        this.storage = storage;
        this.clock = clock;
        this.kinds = kinds;
        this.settings = settings;
        this.observer = observer;
        Settlement settlement = new Settlement(settings.creditUnit(), settings.jobCaps());
        this.batchRiders = new BatchRiders(settlement);
        this.grace = new LeaseGrace(settings.discipline().graceMs());
        this.refusals = new RefusalNotes(grace, clock);
        this.discipline = new ProverDiscipline(settings.discipline(), settings.levels(),
                !settings.jobCaps().slowestUnitsPerSecond().isEmpty());
        this.commitments = new Commitments(storage, clock, kinds, observer, grace, discipline);
        this.idempotentIntents = new IdempotentIntents(storage, settings);
        this.blobReaders = new BlobReaders(storage, clock, kinds, grace);
        this.operator = new MarketOperator(storage, clock, observer, settlement, batchRiders);
        this.cancellations = new RequesterCancellation(storage, clock, observer, batchRiders);
        FailedLeases failedLeases = new FailedLeases(settings, discipline, batchRiders, settlement);
        this.claims = new ClaimGroups(storage, clock, settings, observer, discipline);
        this.proofs = new ProofSettling(storage, clock, kinds, observer, settlement, batchRiders, failedLeases,
                grace, discipline.allowanceGrowth());
        this.returns = new LeaseReturns(storage, clock, settings, observer, settlement, batchRiders, failedLeases,
                grace, refusals);
        this.reaper = new ReaperPass(storage, clock, settings, observer, settlement, batchRiders, discipline,
                failedLeases, grace);
        this.trainingProgress = new TrainingProgress(storage, clock, observer, grace);
    }

    public MarketSettings settings() {
        return settings;
    }

    public Storage storage() {
        return storage;
    }

    public WorkKinds kinds() {
        return kinds;
    }

    /** The operator's verbs: pause claiming, ban provers, cancel jobs and intents (issue 25, defect 8). */
    public MarketOperator operator() {
        return operator;
    }

    /** A training lease holder's progress reports, display only (issue 29: live loss curves). */
    public TrainingProgress trainingProgress() {
        return trainingProgress;
    }

    /** A requester's cancel of its own unclaimed jobs, with their fees refunded (issue 28 §3: a sweep's cancel). */
    public RequesterCancellation cancellations() {
        return cancellations;
    }

    /** Creates the intent and its jobs, reserving the fee from the requester's balance into the fee pool. */
    public IntentRecord open(IntentDraft draft) {
        long now = clock.millis();
        IntentRecord record = storage.write(tx -> new IntentOpening(tx, settings, now).open(draft));
        observer.jobsCreated(draft.jobs().get(0).kind(), draft.jobs().size());
        observer.eventsAppended(record.lastEventSeq());
        return record;
    }

    /**
     * Opens several intents in ONE transaction (a batch post): all of them or none. A refusal of one (its fee short
     * of the base fee, a short balance, its requester's open-work cap) is thrown naming it, {@code intents[i]...}
     * ({@link PouwException#inItem}), and nothing of the batch is written. Answers in the order given.
     */
    public List<IntentRecord> openAll(List<IntentDraft> drafts) {
        return openAll("intents", drafts, (tx, opened) -> List.of());
    }

    /**
     * What a caller writes in the same transaction as the intents it opens with {@link #openAll(String, List,
     * Alongside)}, once they are opened: a row that names them, say. The events it returns are appended after theirs.
     */
    @FunctionalInterface
    public interface Alongside {
        List<EventDraft> write(StoreTx tx, List<IntentRecord> opened);
    }

    /**
     * {@link #openAll(List)}, the refusal of an item named {@code list[i]...}, with {@code alongside} written in the
     * same transaction: the intents and what names them are committed together or not at all (an ML sweep and its
     * tasks: a crash can not leave tasks with reserved fees and no sweep).
     */
    public List<IntentRecord> openAll(String list, List<IntentDraft> drafts, Alongside alongside) {
        if (drafts.isEmpty()) {
            throw PouwException.invalid(list, "must hold at least one intent");
        }
        long now = clock.millis();
        record Opened(List<IntentRecord> records, long lastSeq) {
        }
        Opened done = storage.write(tx -> {
            IntentOpening opening = new IntentOpening(tx, settings, now);
            List<IntentRecord> opened = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                try {
                    opened.add(opening.open(drafts.get(i)));
                } catch (PouwException refused) {
                    throw refused.inItem(list, i);
                }
            }
            long lastSeq = opened.stream().mapToLong(IntentRecord::lastEventSeq).max().orElse(0);
            List<EventDraft> events = alongside.write(tx, List.copyOf(opened));
            if (!events.isEmpty()) {
                lastSeq = Math.max(lastSeq, tx.events().appendAll(events, now).getLast().seq());
            }
            return new Opened(opened, lastSeq);
        });
        for (IntentDraft draft : drafts) {
            observer.jobsCreated(draft.jobs().get(0).kind(), draft.jobs().size());
        }
        observer.eventsAppended(done.lastSeq());
        return done.records();
    }

    /**
     * The intent {@code requester} already created with this key, if any (issue 18, defect 10): the caller answers
     * with it instead of creating another. {@code CONFLICT} when the key was used for a different request.
     */
    public Optional<IntentRecord> replay(Did requester, IdempotencyKey key) {
        return idempotentIntents.replay(requester, key);
    }

    /**
     * {@link #open} with an idempotency key, bound in the same transaction, so only a created intent binds it. A
     * request racing another with the same key gets the other's intent (or 409), never a second intent.
     */
    public IntentRecord open(IntentDraft draft, IdempotencyKey key) {
        Optional<IntentRecord> earlier = replay(draft.requester(), key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        IntentRecord record = idempotentIntents.open(draft, key, clock.millis());
        if (!record.isReplay()) {
            observer.jobsCreated(draft.jobs().get(0).kind(), draft.jobs().size());
            observer.eventsAppended(record.lastEventSeq());
        }
        return record;
    }

    /**
     * The live leases {@code prover} holds, oldest job first, at most {@code limit} (issue 24, ground rules): a worker
     * whose claim got no answer reads them and takes up the jobs that claim leased, with their tokens, instead of
     * claiming again — so a claim in doubt never leases it twice the work. Leases past their expiry are left out.
     */
    public List<Job> leasesOf(Did prover, int limit) {
        long now = clock.millis();
        return storage.read(tx -> tx.jobs().leasedBy(prover.toString(), limit)).stream()
                .filter(job -> job.leaseExpiresAtMs() > now).toList();
    }

    /** {@link #claim(Did, String, ClaimRequest)} from no known address (the node's own workers). */
    public List<Job> claim(Did prover, ClaimRequest request) {
        return claim(prover, "", request);
    }

    /**
     * Claims up to {@code request.maxJobs()} jobs for {@code prover}, claiming from the address prefix
     * {@code network} (empty when unknown); an empty list when none are waiting. {@code QUARANTINED} while the
     * prover or the prefix is quarantined; new and probation provers get fewer jobs and shorter leases
     * ({@link ProverDiscipline}).
     */
    public List<Job> claim(Did prover, String network, ClaimRequest request) {
        return claimTogether(List.of(new ClaimOrder(prover, network, request))).getFirst().jobsOrThrow();
    }

    /**
     * Serves several claims in ONE transaction, so they share one commit; each order gets its jobs or its refusal,
     * in the same order ({@link ClaimGroups}).
     */
    public List<ClaimAnswer> claimTogether(List<ClaimOrder> orders) {
        return claims.serve(orders);
    }

    /**
     * {@link #claimTogether}, returning at the commit; the group's events are readable once the caller has run
     * {@link Committed#publish} (a claim coalescer runs it after handing its place to the next group).
     */
    public Committed<List<ClaimAnswer>> claimTogetherUnpublished(List<ClaimOrder> orders) {
        return claims.serveUnpublished(orders);
    }

    /** {@link #claimTogetherUnpublished(List)}, marking where the group's time goes in {@code marks} (a benchmark's). */
    public Committed<List<ClaimAnswer>> claimTogetherUnpublished(List<ClaimOrder> orders, ClaimWorkMarks marks) {
        return claims.serveUnpublished(orders, marks);
    }

    /** Extends a held lease to {@code now + extendMs}; {@code LEASE_LOST} when the token no longer holds it. */
    public Job renew(JobId jobId, Did prover, String leaseToken, long extendMs) {
        settings.checkLeaseLength("extend_ms", extendMs);
        long now = clock.millis();
        return refusals.run(prover, () -> storage.write(tx -> {
            Job job = LeaseFence.lock(tx, jobId, prover, leaseToken, now, grace);
            Job renewed = job.withLeaseExpiry(now + extendMs);
            tx.jobs().update(renewed);
            tx.jobs().touchProver(prover.text(), now);
            return renewed;
        }));
    }

    /**
     * Verifies the proof and, if it holds, completes the job and pays the reward, once. {@code NOT_FOUND} and
     * {@code LEASE_LOST} are thrown; a rejected proof is an outcome. See {@link #submitAll}.
     */
    public SubmitOutcome submit(JobId jobId, Did prover, String leaseToken, byte[] proof) {
        SubmissionResult result = refusals.run(prover,
                () -> proofs.settle(prover, List.of(new Submission(jobId, leaseToken, proof)))).get(0);
        return switch (result.outcome()) {
            case NOT_FOUND -> throw PouwException.notFound("job " + jobId);
            case LEASE_LOST -> throw new PouwException(Problem.LEASE_LOST, "lease_token", result.message());
            case ACCEPTED, PROOF_INVALID -> new SubmitOutcome(result.verdict(), result.job(), result.reward(),
                    result.ledgerSeq());
        };
    }

    /**
     * Settles a batch of submissions from one prover (batched completions): each proof is verified outside any
     * transaction (it may be slow), then every verified or rejected submission settles in ONE transaction, in job-id
     * order so concurrent batches lock rows in the same order. The lease of each job is checked again inside that
     * transaction, so a submission whose lease moved on meanwhile changes nothing. Results come back in the order
     * of {@code submissions}.
     */
    public List<SubmissionResult> submitAll(Did prover, List<Submission> submissions) {
        return refusals.run(prover, () -> proofs.settle(prover, submissions));
    }

    /**
     * Records a worker's commitment for the job it leases and answers with the challenge drawn for it: one
     * commitment per lease, the challenge fixed with it ({@link Commitments}).
     */
    public byte[] commit(JobId jobId, Did prover, String leaseToken, byte[] commitment) {
        return refusals.run(prover, () -> commitments.commit(jobId, prover, leaseToken, commitment));
    }

    /** The worker gives the job up; it goes back to the queue (or to the dead-letter queue when out of retries). */
    public Job fail(JobId jobId, Did prover, String leaseToken, String reason) {
        return returns.fail(jobId, prover, leaseToken, reason);
    }

    /**
     * The worker hands the lease back (a graceful stop, issue 25 defect 9): the job goes back to the queue at once,
     * with no strike, within {@code market.release_budget} ({@link LeaseReturns#release}).
     */
    public Job release(JobId jobId, Did prover, String leaseToken) {
        return returns.release(jobId, prover, leaseToken);
    }

    /** One pass of the reaper: expired leases back to the queue, past-deadline jobs expired and refunded. */
    public ReapReport reap(int limit) {
        return reaper.reap(limit);
    }

    /**
     * Pending jobs waiting for a batch (kind {@link org.pouw.core.job.BatchMember#WAITING_KIND}) and in none yet,
     * oldest first, at most {@code limit}.
     */
    public List<Job> waitingForBatch(int limit) {
        return storage.read(tx -> tx.jobs().waitingForBatch(limit));
    }

    /**
     * Forms one batch of waiting jobs ({@link BatchRiders#form}): the first of {@code members} leads, taking
     * {@code batchKind} and {@code batchParams}; one accepted proof for it settles them all, and a failed attempt
     * sends each back to {@code fallbackKind} with its own params. {@code CONFLICT} when a member is not a pending
     * job waiting for a batch (another node formed it first); nothing is written then.
     */
    public Job formBatch(List<JobId> members, String batchKind, String batchParams, String fallbackKind) {
        long now = clock.millis();
        long[] lastSeq = {0};
        Job lead = storage.write(tx -> {
            DeferredWrites deferred = new DeferredWrites();
            Job formed = batchRiders.form(tx, deferred, members, batchKind, batchParams, fallbackKind);
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return formed;
        });
        observer.eventsAppended(lastSeq[0]);
        return lead;
    }

    /** An operator sends a dead-lettered job back to the queue with a fresh budget of attempts. */
    public Job retryDeadLetter(JobId jobId) {
        long now = clock.millis();
        long[] lastSeq = {0};
        Job job = storage.write(tx -> {
            Job dead = tx.jobs().findForUpdate(jobId).orElseThrow(() -> PouwException.notFound("job " + jobId));
            if (dead.status() != JobStatus.DEAD_LETTER) {
                throw new PouwException(Problem.CONFLICT, "job " + jobId + " is " + dead.status().wire()
                        + ", not dead_letter");
            }
            Job requeued = dead.requeued(settings.maxRetries());
            tx.jobs().update(requeued);
            lastSeq[0] = tx.events().append(new EventDraft("job.retried", jobId, dead.intentId(), "{}"), now).seq();
            return requeued;
        });
        observer.eventsAppended(lastSeq[0]);
        return job;
    }

    /** The node's reaper could not reach the database: every lease holder is being refused. */
    public void noteOutage() {
        grace.outage(clock.millis());
    }

    /**
     * Names the identity of this node's own workers (local and disabled modes): the node itself, never new or
     * quarantined, so its failures count against a job's retries like any established prover's.
     */
    public void trustOwnWorker(Did own) {
        discipline.trust(own.text());
    }

    /** Where the prover stands now (issue 18, defect 1). */
    public ProverStanding standing(String proverId) {
        long now = clock.millis();
        return storage.read(tx -> discipline.standing(tx, proverId, now));
    }

    /** How many provers are quarantined now. */
    public long quarantinedProvers() {
        long now = clock.millis();
        return storage.read(tx -> tx.standing().quarantinedProvers(now));
    }

    public Optional<Job> job(JobId jobId) {
        return storage.read(tx -> tx.jobs().find(jobId));
    }

    /**
     * Whether {@code reader} may read blob {@code key}, as its owner or through the job {@code through} names (its
     * requester, the holder of its live lease, the prover of its result); see {@link BlobReaders}.
     */
    public boolean mayReadBlob(Did reader, String key, Optional<JobId> through) {
        return blobReaders.mayRead(reader, key, through);
    }

    /**
     * Whether {@code reader} may see an intent's inputs and output: its requester, the holder of a live lease on one
     * of its jobs, or the prover of one of its results (issue 27, item 6); see {@link BlobReaders}.
     */
    public boolean mayReadIntent(Did reader, Intent intent) {
        return blobReaders.mayReadIntent(reader, intent);
    }

    /**
     * The base price of {@code kind} an intent posted now would pay (issue 27, item 1): its fixed base price, or the
     * price its queue has moved it to. Computed, not stored: a quote changes nothing.
     */
    public KindPrice price(String kind) {
        long now = clock.millis();
        DemandPricing pricing = new DemandPricing(settings.basePrices(), settings.demand());
        return storage.read(tx -> pricing.quote(tx, kind, now));
    }

    /**
     * The market's public state now (issue 27, items 1 and 5): every kind's price, the open work per kind and tier,
     * and the service levels of the jobs completed in the last {@code windowMs}, all from one read. Computed, not
     * stored.
     */
    public MarketView view(long windowMs) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("window_ms must be > 0, got " + windowMs);
        }
        long now = clock.millis();
        DemandPricing pricing = new DemandPricing(settings.basePrices(), settings.demand());
        return storage.read(tx -> {
            List<KindPrice> prices = new ArrayList<>();
            for (String kind : kinds.names()) {
                prices.add(pricing.quote(tx, kind, now));
            }
            List<Job> completed = tx.jobs().completedSince(now - windowMs, MarketView.MAX_SAMPLED + 1);
            boolean truncated = completed.size() > MarketView.MAX_SAMPLED;
            List<Job> measured = truncated ? completed.subList(0, MarketView.MAX_SAMPLED) : completed;
            return new MarketView(now, windowMs, prices, tx.jobs().depth(), ServiceLevels.of(measured),
                    measured.size(), truncated);
        });
    }
}
