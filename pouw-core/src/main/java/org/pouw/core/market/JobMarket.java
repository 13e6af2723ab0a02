package org.pouw.core.market;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Intent;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.BlobStore;
import org.pouw.core.port.KindPrice;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverStanding;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKinds;
import org.pouw.crypto.Hex;

/**
 * The job market's rules (ARCHITECTURE.md §6): claims under leases, token-fenced renew/submit/fail, verification
 * before payment, retries and the dead-letter queue. Every state change commits together with its attempt row,
 * event rows and ledger postings; the market itself holds no state, so several nodes can share one database.
 */
public final class JobMarket {
    /**
     * Bounds how many callers' batches share one settling transaction, and so its length (a batch holds at most
     * {@code max_claim_batch} submissions).
     */
    static final int MAX_SETTLING_BATCHES = 32;
    /** Two settling transactions at once: one's statements run while the other waits for the ledger or its commit. */
    static final int SETTLING_GROUPS_IN_FLIGHT = 2;
    /**
     * Jobs moved to (or deleted from) the history tables per reaper pass: the reaper runs about once a second, so
     * this keeps up with a market finishing a couple of thousand jobs a second.
     */
    static final int HISTORY_BATCH = 2_000;

    private final Storage storage;
    private final Clock clock;
    private final WorkKinds kinds;
    private final MarketSettings settings;
    private final MarketObserver observer;
    private final Settlement settlement;
    private final BatchRiders batchRiders;
    private final Commitments commitments;
    private final Supplier<String> leaseTokens;
    private final ProverDiscipline discipline;
    private final LeaseGrace grace;
    private final IdempotentIntents idempotentIntents;
    private final BlobReaders blobReaders;
    private final MarketOperator operator;
    /** Concurrent batches of submissions settle in one shared transaction ({@link #settleTogether}). */
    private final SharedTransactions<VerifiedBatch, SettledBatch> settlements =
            new SharedTransactions<>(this::settleTogether, batch -> settleTogether(List.of(batch)).getFirst(),
                    MAX_SETTLING_BATCHES, SETTLING_GROUPS_IN_FLIGHT);

    public JobMarket(Storage storage, Clock clock, WorkKinds kinds, MarketSettings settings,
                     MarketObserver observer) {
        this.storage = storage;
        this.clock = clock;
        this.kinds = kinds;
        this.settings = settings;
        this.observer = observer;
        this.settlement = new Settlement();
        this.batchRiders = new BatchRiders(settlement);
        this.grace = new LeaseGrace(settings.discipline().graceMs());
        this.discipline = new ProverDiscipline(settings.discipline());
        this.commitments = new Commitments(storage, clock, kinds, observer, grace);
        this.idempotentIntents = new IdempotentIntents(storage, settings);
        this.blobReaders = new BlobReaders(storage, clock, kinds, grace);
        this.operator = new MarketOperator(storage, clock, observer, settlement, batchRiders);
        SecureRandom random = new SecureRandom();
        this.leaseTokens = () -> {
            byte[] token = new byte[16];
            random.nextBytes(token);
            return HexFormat.of().formatHex(token);
        };
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

    /** Creates the intent and its jobs, reserving the fee from the requester's balance into the fee pool. */
    public IntentRecord open(IntentDraft draft) {
        long now = clock.millis();
        IntentRecord record = storage.write(tx -> new IntentOpening(tx, settings, now).open(draft));
        observer.jobsCreated(draft.jobs().get(0).kind(), draft.jobs().size());
        observer.eventsAppended(record.lastEventSeq());
        return record;
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
     * Serves several claims in ONE transaction, so they share one commit (issue 26: on a durable server the commit's
     * wait for the disk is what a claim costs; a node coalesces concurrent single-job claims into a group). The
     * orders are admitted together (bad input, the operator's pause and bans, quarantines, a new prover's cap: the
     * facts read in one statement, {@link ProverDiscipline#admitGroup}), then the store serves the admitted ones at
     * once ({@link org.pouw.core.port.JobStore#claimEach}: one statement on PostgreSQL), in list order, each order
     * seeing the jobs the ones before it took, so no job goes to two of them and an earlier order gets the older
     * jobs. The answer holds each order's jobs, or its refusal, in the same order: a refused order gets what it
     * would have got alone and writes nothing, and the others are served all the same. A failure of the database
     * throws for the whole group, and nothing of it was written.
     */
    public List<ClaimAnswer> claimTogether(List<ClaimOrder> orders) {
        ClaimRequest[] checked = new ClaimRequest[orders.size()];
        PouwException[] invalid = new PouwException[orders.size()];
        for (int i = 0; i < orders.size(); i++) {
            ClaimRequest request = orders.get(i).request();
            try {
                if (request.maxJobs() < 1 || request.maxJobs() > settings.maxClaimBatch()) {
                    throw PouwException.invalid("max_jobs", "must be between 1 and " + settings.maxClaimBatch()
                            + ", got " + request.maxJobs());
                }
                long leaseMs = request.leaseMs() == 0 ? settings.defaultLeaseMs() : request.leaseMs();
                checkLeaseLength("lease_ms", leaseMs);
                checked[i] = request.limitedTo(request.maxJobs(), leaseMs);
            } catch (PouwException refused) {
                invalid[i] = refused;
            }
        }
        if (Arrays.stream(checked).allMatch(request -> request == null)) { // bad input only: no transaction
            return Arrays.stream(invalid).map(ClaimAnswer::refused).toList();
        }
        long now = clock.millis();
        long[] lastSeq = {0};
        // The transaction may be run again (a transient failure), so everything it decides starts afresh in it.
        List<ClaimAnswer> answers = storage.write(tx -> {
            ClaimRequest[] requests = checked.clone();
            PouwException[] refusals = invalid.clone();
            MarketOperator.refuseClaims(tx, orders, requests, refusals);
            ClaimAdmission[] admissions = discipline.admitGroup(tx, orders, requests, now);
            List<HolderClaim> admitted = new ArrayList<>(orders.size());
            List<Integer> positions = new ArrayList<>(orders.size());
            for (int i = 0; i < orders.size(); i++) {
                if (admissions[i] != null && admissions[i].refusal() != null) {
                    refusals[i] = admissions[i].refusal();
                } else if (admissions[i] != null) {
                    admitted.add(new HolderClaim(orders.get(i).prover().text(), admissions[i].request()));
                    positions.add(i);
                }
            }
            List<List<Job>> claimed = admitted.isEmpty() ? List.of()
                    : tx.jobs().claimEach(admitted, now, leaseTokens);
            // The reverse auction fixes each job's price at this claim, and puts back what is below an order's ask.
            // A claimer whose free balance does not cover its collateral throws for the group (lockCollateral
            // below), whose orders are then served alone, so the refusal reaches only that claimer.
            Bids bids = settings.auction().active() && !admitted.isEmpty()
                    ? Bids.fix(tx, settings.auction(), admitted.toArray(HolderClaim[]::new), claimed, now) : null;
            if (bids != null) {
                claimed = bids.taken();
            }
            List<List<Job>> jobsOf = new ArrayList<>(Collections.nCopies(orders.size(), List.of()));
            for (int k = 0; k < positions.size(); k++) {
                jobsOf.set(positions.get(k), claimed.get(k));
            }
            DeferredWrites deferred = new DeferredWrites();
            List<Attempt> opened = new ArrayList<>();
            Set<String> claimers = new TreeSet<>(); // prover-id order, the order every writer takes provers in
            for (int k = 0; k < admitted.size(); k++) {
                String proverId = admitted.get(k).holder();
                for (Job job : claimed.get(k)) {
                    claimers.add(proverId);
                    opened.add(new Attempt(job.jobId(), job.attempts(), proverId, now, 0,
                            AttemptOutcome.IN_PROGRESS, ""));
                    deferred.event(new EventDraft("job.claimed", job.jobId(), job.intentId(),
                            EventData.of().put("prover_id", proverId).put("attempt", job.attempts())
                                    .put("lease_expires_at_ms", job.leaseExpiresAtMs()).toString()));
                }
            }
            // The group's attempts and its claimers' last-seen times in one statement each, not one per order.
            if (!opened.isEmpty()) {
                tx.jobs().insertAttempts(opened);
                tx.jobs().touchProvers(List.copyOf(claimers), now);
            }
            if (bids != null) {
                bids.lockCollateral(tx); // account rows come after prover rows in every writer's lock order
            }
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            List<ClaimAnswer> out = new ArrayList<>(orders.size());
            for (int i = 0; i < orders.size(); i++) {
                out.add(refusals[i] != null ? ClaimAnswer.refused(refusals[i]) : ClaimAnswer.served(jobsOf.get(i)));
            }
            return out;
        });
        int jobs = answers.stream().mapToInt(answer -> answer.jobs().size()).sum();
        if (jobs > 0) {
            observer.jobsClaimed(jobs);
            observer.eventsAppended(lastSeq[0]);
        }
        return answers;
    }

    /** Extends a held lease to {@code now + extendMs}; {@code LEASE_LOST} when the token no longer holds it. */
    public Job renew(JobId jobId, Did prover, String leaseToken, long extendMs) {
        checkLeaseLength("extend_ms", extendMs);
        long now = clock.millis();
        return noticingRefusals(prover, () -> storage.write(tx -> {
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
        SubmissionResult result = noticingRefusals(prover,
                () -> settleAll(prover, List.of(new Submission(jobId, leaseToken, proof)))).get(0);
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
        return noticingRefusals(prover, () -> settleAll(prover, submissions));
    }

    private List<SubmissionResult> settleAll(Did prover, List<Submission> submissions) {
        long readAt = clock.millis();
        SubmissionResult[] results = new SubmissionResult[submissions.size()];
        Job[] before = new Job[submissions.size()];
        storage.read(tx -> {
            MarketOperator.admitSubmissions(tx, prover);
            Map<JobId, Job> stored = byId(tx.jobs().findAll(submissions.stream().map(Submission::jobId).toList()));
            for (int i = 0; i < submissions.size(); i++) {
                Submission submission = submissions.get(i);
                // a job moved to the history tables is finished and answers as such (its lease is lost)
                Job job = stored.containsKey(submission.jobId()) ? stored.get(submission.jobId())
                        : tx.jobs().find(submission.jobId()).orElse(null);
                String lost = job == null ? null
                        : LeaseFence.problem(job, prover, submission.leaseToken(), readAt, grace);
                if (job == null) {
                    results[i] = SubmissionResult.refused(submission.jobId(), SubmissionResult.Outcome.NOT_FOUND,
                            null, "job " + submission.jobId() + " not found");
                } else if (lost != null) {
                    results[i] = SubmissionResult.refused(submission.jobId(), SubmissionResult.Outcome.LEASE_LOST,
                            job, lost);
                } else {
                    before[i] = job;
                }
            }
            return null;
        });
        Verdict[] verdicts = new Verdict[submissions.size()];
        BlobStore blobs = storage.blobs();
        for (int i = 0; i < submissions.size(); i++) {
            if (before[i] != null) {
                Job job = before[i];
                WorkItem item = workItem(job, blobs, job.hasCommitment()
                        ? new WorkItem.Exchange(Hex.decode(job.commitment()), Hex.decode(job.challenge()))
                        : WorkItem.Exchange.NONE);
                long started = clock.nanoTime();
                verdicts[i] = safeVerify(item, submissions.get(i).proof());
                observer.proofVerified(job.kind(), verdicts[i].accepted(), clock.nanoTime() - started);
            }
        }
        Settlement.Settled[] settled;
        List<Settlement.Settled> riders;
        long lastSeq;
        if (Arrays.stream(verdicts).allMatch(verdict -> verdict == null)) {
            settled = new Settlement.Settled[submissions.size()]; // nothing to settle: no transaction
            riders = List.of();
            lastSeq = 0;
        } else {
            SettledBatch written = settlements.run(new VerifiedBatch(prover, submissions, before, verdicts));
            settled = written.settled();
            riders = written.riders();
            lastSeq = written.lastEventSeq();
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                continue;
            }
            Job job = before[i];
            if (settled[i] == null) {
                results[i] = SubmissionResult.refused(job.jobId(), SubmissionResult.Outcome.LEASE_LOST, job,
                        "the lease on job " + job.jobId() + " moved on while its proof was verified");
            } else if (verdicts[i].accepted()) {
                observer.jobCompleted(job.kind(), settled[i].reward());
                results[i] = new SubmissionResult(job.jobId(), SubmissionResult.Outcome.ACCEPTED, verdicts[i],
                        settled[i].job(), settled[i].reward(), settled[i].ledgerSeq(), "");
            } else {
                observer.jobFailed(job.kind(), AttemptOutcome.PROOF_INVALID.wire());
                if (settled[i].job().status() == JobStatus.DEAD_LETTER) {
                    observer.jobDeadLettered(job.kind());
                }
                results[i] = new SubmissionResult(job.jobId(), SubmissionResult.Outcome.PROOF_INVALID, verdicts[i],
                        settled[i].job(), 0, 0, "proof rejected: " + verdicts[i].detail());
            }
        }
        for (Settlement.Settled rider : riders) {
            observer.jobCompleted(rider.job().kind(), rider.reward()); // paid by its batch's proof, counted alike
        }
        if (lastSeq > 0) {
            observer.eventsAppended(lastSeq);
        }
        return List.of(results);
    }

    /** One caller's submissions after verification: what its share of a settling transaction needs. */
    private record VerifiedBatch(Did prover, List<Submission> submissions, Job[] before, Verdict[] verdicts) {
    }

    /**
     * A batch's settlements (null where nothing was settled), the batch members its accepted proofs completed with
     * them, and the last event its transaction appended.
     */
    private record SettledBatch(Settlement.Settled[] settled, List<Settlement.Settled> riders, long lastEventSeq) {
    }

    /** Where in which batch of a group a submission is. */
    private record Slot(int batch, int index, JobId jobId) {
    }

    /**
     * Settles the verified submissions of several batches (several callers, maybe several provers) in ONE
     * transaction, so they share the ledger head's wait and one commit. Every job of the group is locked by one
     * statement in job-id order, like any other settling transaction, and the settlements are made in that order
     * across the group. The lease of each job is checked again under that lock: a submission whose lease moved on
     * while it was verified, or whose job an earlier submission of the group settled, settles nothing (null).
     */
    private List<SettledBatch> settleTogether(List<VerifiedBatch> group) {
        long now = clock.millis();
        List<Slot> slots = new ArrayList<>();
        for (int b = 0; b < group.size(); b++) {
            VerifiedBatch batch = group.get(b);
            for (int i = 0; i < batch.submissions().size(); i++) {
                if (batch.verdicts()[i] != null) {
                    slots.add(new Slot(b, i, batch.submissions().get(i).jobId()));
                }
            }
        }
        slots.sort(Comparator.comparing(Slot::jobId)); // stable: a job named twice keeps its submission order
        long[] lastSeq = {0};
        List<List<Settlement.Settled>> riders = new ArrayList<>(group.size());
        List<Settlement.Settled[]> settled = storage.write(tx -> {
            riders.clear(); // the store may run this again after a serialization failure
            List<Settlement.Settled[]> done = new ArrayList<>(group.size());
            for (VerifiedBatch batch : group) {
                done.add(new Settlement.Settled[batch.submissions().size()]);
                riders.add(new ArrayList<>());
            }
            // One statement locks every job of the group, in job-id order like any other transaction settling now.
            Map<JobId, Job> locked = byId(tx.jobs().findAllForUpdate(slots.stream().map(Slot::jobId).distinct()
                    .toList()));
            List<Slot> settling = new ArrayList<>();
            Set<JobId> taken = new HashSet<>();
            for (Slot slot : slots) {
                VerifiedBatch batch = group.get(slot.batch());
                Job job = locked.get(slot.jobId());
                if (job == null) {
                    continue; // expired and moved to history while its proof was verified: the lease is lost
                }
                // The lease moved on while we verified, or an earlier submission of this group settled the same
                // job (its lease ends with that): the caller's results say so. A commitment's challenge is fixed
                // for a lease, so a changed one means the proof was verified against an exchange that is no longer
                // the job's.
                if (LeaseFence.problem(job, batch.prover(), batch.submissions().get(slot.index()).leaseToken(), now,
                        grace) == null && job.challenge().equals(batch.before()[slot.index()].challenge())
                        && taken.add(job.jobId())) {
                    settling.add(slot);
                }
            }
            List<byte[]> proofs = new ArrayList<>();
            for (Slot slot : settling) {
                VerifiedBatch batch = group.get(slot.batch());
                if (batch.verdicts()[slot.index()].accepted()) {
                    proofs.add(batch.submissions().get(slot.index()).proof());
                }
            }
            Iterator<String> proofRefs = tx.blobs().putAll(proofs).iterator();
            DeferredWrites deferred = new DeferredWrites();
            for (Slot slot : settling) {
                VerifiedBatch batch = group.get(slot.batch());
                Job job = locked.get(slot.jobId());
                Verdict verdict = batch.verdicts()[slot.index()];
                if (verdict.accepted()) {
                    String proofRef = proofRefs.next();
                    done.get(slot.batch())[slot.index()] = settlement.complete(deferred, job, batch.prover(),
                            proofRef, verdict, now);
                    // a batch's lead: the one proof settles every member still waiting in its batch
                    riders.get(slot.batch()).addAll(
                            batchRiders.settle(tx, deferred, job, batch.prover(), proofRef, verdict, now));
                } else {
                    done.get(slot.batch())[slot.index()] = failAttempt(tx, deferred, job, batch.prover().text(),
                            AttemptOutcome.PROOF_INVALID, verdict.reason().wire() + ": " + verdict.detail(), now);
                }
            }
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return done;
        });
        List<SettledBatch> written = new ArrayList<>(group.size());
        for (int b = 0; b < group.size(); b++) {
            written.add(new SettledBatch(settled.get(b), riders.get(b), lastSeq[0]));
        }
        return written;
    }

    /**
     * Records a worker's commitment for the job it leases and answers with the challenge drawn for it: one
     * commitment per lease, the challenge fixed with it ({@link Commitments}).
     */
    public byte[] commit(JobId jobId, Did prover, String leaseToken, byte[] commitment) {
        return noticingRefusals(prover, () -> commitments.commit(jobId, prover, leaseToken, commitment));
    }

    /**
     * The job as its kind sees it, its blobs read from {@code blobs}, for the DID holding its lease as the job's
     * record says (the submitter was checked against it); kinds bind proofs to that prover, never to what a proof
     * claims.
     */
    static WorkItem workItem(Job job, BlobStore blobs, WorkItem.Exchange exchange) {
        Optional<Did> leaseholder = Did.isWellFormed(job.leaseHolder()) ? Optional.of(Did.of(job.leaseHolder()))
                : Optional.empty();
        return new WorkItem(job.jobId().hex(), job.kind(), job.tier(), job.traceHash().hex(), job.traceRef(),
                job.params(),
                key -> blobs.get(key).orElseThrow(() -> new WorkFailedException("blob " + key + " is missing")),
                exchange, leaseholder);
    }

    /** The worker gives the job up; it goes back to the queue (or to the dead-letter queue when out of retries). */
    public Job fail(JobId jobId, Did prover, String leaseToken, String reason) {
        long now = clock.millis();
        long[] lastSeq = {0};
        Job released = noticingRefusals(prover, () -> storage.write(tx -> {
            DeferredWrites deferred = new DeferredWrites();
            Job held = LeaseFence.lock(tx, jobId, prover, leaseToken, now, grace);
            Settlement.Settled settled = failAttempt(tx, deferred, held, prover.text(),
                    AttemptOutcome.WORKER_FAILED, reason, now);
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return settled.job();
        }));
        observer.jobFailed(released.kind(), AttemptOutcome.WORKER_FAILED.wire());
        if (released.status() == JobStatus.DEAD_LETTER) {
            observer.jobDeadLettered(released.kind());
        }
        observer.eventsAppended(lastSeq[0]);
        return released;
    }

    /**
     * The worker hands the lease back (a graceful stop, issue 25 defect 9): the job goes back to the queue at once,
     * with no strike and the attempt not counted against its {@code max_retries}. Bounded: past
     * {@code market.release_budget} releases in the strike window, and for a lease whose commitment already drew
     * its audit challenge (an audited attempt always counts, docs/ml.md), a release is a {@link #fail}.
     */
    public Job release(JobId jobId, Did prover, String leaseToken) {
        long now = clock.millis();
        long[] lastSeq = {0};
        boolean[] counted = {false};
        Job released = noticingRefusals(prover, () -> storage.write(tx -> {
            counted[0] = false; // a transaction retried after a serialization failure decides afresh
            DeferredWrites deferred = new DeferredWrites();
            Job held = LeaseFence.lock(tx, jobId, prover, leaseToken, now, grace);
            DisciplineSettings limits = settings.discipline();
            int used = tx.operator().releasesSince(prover.text(), now - limits.windowMs());
            Settlement.Settled settled;
            if (held.hasCommitment()) {
                counted[0] = true;
                settled = failAttempt(tx, deferred, held, prover.text(), AttemptOutcome.WORKER_FAILED,
                        "released after its audit challenge was drawn: counted as a failure", now);
            } else if (used >= limits.releaseBudget()) {
                counted[0] = true;
                settled = failAttempt(tx, deferred, held, prover.text(), AttemptOutcome.WORKER_FAILED,
                        "released past the release budget (" + limits.releaseBudget() + " in "
                                + limits.windowMs() + " ms): counted as a failure", now);
            } else {
                tx.operator().recordRelease(prover.text(), jobId, now);
                batchRiders.dissolve(tx, deferred, held, AttemptOutcome.RELEASED.wire());
                settled = settlement.handBack(deferred, held, prover.text());
            }
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return settled.job();
        }));
        if (counted[0]) {
            observer.jobFailed(released.kind(), AttemptOutcome.WORKER_FAILED.wire());
            if (released.status() == JobStatus.DEAD_LETTER) {
                observer.jobDeadLettered(released.kind());
            }
        }
        observer.eventsAppended(lastSeq[0]);
        return released;
    }

    /** One pass of the reaper: expired leases back to the queue, past-deadline jobs expired and refunded. */
    public ReapReport reap(int limit) {
        long now = clock.millis();
        List<Job> lapsed = new ArrayList<>();
        List<Job> expired = new ArrayList<>();
        long[] lastSeq = {0};
        List<String> extendedTokens = new ArrayList<>();
        // upkeep: a flood of requests filling the writer's line must not keep lapsed leases from the queue
        storage.writeUpkeep(tx -> {
            lapsed.clear();
            expired.clear();
            extendedTokens.clear();
            DeferredWrites deferred = new DeferredWrites();
            for (Job job : tx.jobs().lockPastDeadline(now, limit)) {
                long forfeit = 0;
                if (job.status() == JobStatus.IN_PROGRESS
                        && !grace.excuses(job.leaseHolder(), job.leaseExpiresAtMs(), now)) {
                    discipline.strike(tx, job, job.leaseHolder(), AttemptOutcome.DEADLINE_PASSED, now);
                    forfeit = forfeitOf(job, AttemptOutcome.DEADLINE_PASSED);
                }
                batchRiders.dissolve(tx, deferred, job, AttemptOutcome.DEADLINE_PASSED.wire());
                expired.add(settlement.expire(deferred, job, forfeit).job());
            }
            deferred.writeJobs(tx, now); // so the expired jobs no longer look like lapsed leases just below
            for (Job job : tx.jobs().lockExpiredLeases(now, limit)) {
                if (job.status() != JobStatus.IN_PROGRESS || job.leaseExpiresAtMs() >= now) {
                    continue; // another pass got there first
                }
                long excusedUntil = grace.excusedUntil(job.leaseHolder(), job.leaseExpiresAtMs());
                if (now <= excusedUntil) {
                    // The node refused this holder while its lease ran out: extend it, count nothing.
                    tx.jobs().update(job.withLeaseExpiry(excusedUntil));
                    extendedTokens.add(job.leaseToken());
                } else if (grace.wasExtended(job.leaseToken())) {
                    // A lease extended by grace whose holder never came back (it gave up during the outage): no
                    // strike, and no retry spent unless it was audited (an audited attempt always counts).
                    batchRiders.dissolve(tx, deferred, job, AttemptOutcome.LEASE_EXPIRED.wire());
                    lapsed.add(settlement.rejectAttempt(deferred, job.hasCommitment() ? job : job.discounted(),
                            job.leaseHolder(),
                            AttemptOutcome.LEASE_EXPIRED, "lease expired at " + job.leaseExpiresAtMs()
                                    + " after a grace extension for the node's own refusals; not counted").job());
                } else {
                    lapsed.add(failAttempt(tx, deferred, job, job.leaseHolder(), AttemptOutcome.LEASE_EXPIRED,
                            "lease expired at " + job.leaseExpiresAtMs(), now).job());
                }
            }
            tx.jobs().forgetIdempotencyKeys(now - settings.idempotencyRetentionMs());
            tx.operator().forgetReleases(now - settings.discipline().windowMs());
            tx.standing().forgetBefore(now - settings.discipline().windowMs(),
                    now - settings.discipline().probationMs());
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return null;
        });
        extendedTokens.forEach(grace::extended);
        archiveHistory(now);
        int deadLettered = 0;
        for (Job job : lapsed) {
            observer.jobFailed(job.kind(), AttemptOutcome.LEASE_EXPIRED.wire());
            if (job.status() == JobStatus.DEAD_LETTER) {
                deadLettered++;
                observer.jobDeadLettered(job.kind());
            }
        }
        for (Job job : expired) {
            observer.jobExpired(job.kind(), job.feeBudget());
        }
        if (lastSeq[0] > 0) {
            observer.eventsAppended(lastSeq[0]);
        }
        return new ReapReport(lapsed.size(), deadLettered, expired.size());
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

    /**
     * Moves finished jobs out of the hot tables and deletes history past its retention (issue 26, item 3), in a
     * transaction of its own so the reaper's lease work stays short. Returns how many jobs moved.
     */
    int archiveHistory(long now) {
        HistorySettings history = settings.history();
        return storage.writeUpkeep(tx -> {
            int moved = tx.jobs().archiveFinished(now - history.afterMs(), now, HISTORY_BATCH);
            if (!history.keepsForever()) {
                tx.jobs().forgetHistory(now - history.retentionMs(), HISTORY_BATCH);
            }
            return moved;
        });
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

    /**
     * A lease that ended without a result by its holder's doing: a strike against the holder, and an attempt that
     * counts against the job's {@code max_retries} only as {@link ProverDiscipline#counts} says.
     */
    private Settlement.Settled failAttempt(StoreTx tx, DeferredWrites deferred, Job job, String proverId,
                                           AttemptOutcome outcome, String reason, long now) {
        boolean counts = discipline.counts(tx, job, proverId, now);
        discipline.strike(tx, job, proverId, outcome, now);
        batchRiders.dissolve(tx, deferred, job, outcome.wire());
        return settlement.rejectAttempt(deferred, counts ? job : job.discounted(), proverId, outcome, reason,
                forfeitOf(job, outcome));
    }

    /**
     * What a lease that ended without a result by its holder's doing forfeits (issue 27, item 4): all of its
     * collateral once an audit challenge was drawn for it or its proof was rejected (the holder saw what it would be
     * checked on, or sent something false), else the auction's share.
     */
    private long forfeitOf(Job job, AttemptOutcome outcome) {
        boolean whole = job.hasCommitment() || outcome == AttemptOutcome.PROOF_INVALID;
        return settings.auction().forfeitOf(job.collateral(), whole);
    }

    /**
     * Runs a lease holder's call; when the node fails it for its own reasons (busy, database trouble: anything but
     * an answer about the caller's request) the refusal is noted, so a lease that runs out meanwhile is excused.
     */
    private <T> T noticingRefusals(Did prover, Supplier<T> call) {
        try {
            return call.get();
        } catch (PouwException e) {
            if (e.problem() == Problem.UNAVAILABLE) {
                grace.refused(prover.text(), clock.millis());
            }
            throw e;
        } catch (RuntimeException e) {
            grace.refused(prover.text(), clock.millis());
            throw e;
        }
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

    private static Map<JobId, Job> byId(List<Job> jobs) {
        Map<JobId, Job> byId = new HashMap<>(jobs.size() * 2);
        for (Job job : jobs) {
            byId.put(job.jobId(), job);
        }
        return byId;
    }

    private Verdict safeVerify(WorkItem item, byte[] proof) {
        try {
            return kinds.verify(item, proof);
        } catch (RuntimeException e) {
            // A verifier must not throw on untrusted bytes; if one does, the proof is still not accepted.
            return Verdict.reject(Verdict.Reason.MALFORMED, "verifier rejected the proof: " + e.getMessage());
        }
    }

    private void checkLeaseLength(String field, long ms) {
        if (ms <= 0 || ms > settings.maxLeaseMs()) {
            throw PouwException.invalid(field, "must be between 1 and " + settings.maxLeaseMs() + " ms, got " + ms);
        }
    }
}
