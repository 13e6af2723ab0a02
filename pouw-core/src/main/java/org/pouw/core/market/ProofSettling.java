package org.pouw.core.market;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.BlobStore;
import org.pouw.core.port.Storage;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKinds;
import org.pouw.crypto.Hex;

/**
 * Settles the proofs lease holders submit (ARCHITECTURE.md §6): each proof is verified outside any transaction (it
 * may be slow), then the verified and rejected submissions settle in ONE transaction, in job-id order so concurrent
 * batches lock rows in the same order; concurrent callers' batches share that transaction
 * ({@link SharedTransactions}). The lease of each job is checked again inside it, so a submission whose lease moved
 * on meanwhile changes nothing.
 */
final class ProofSettling {
    /**
     * Bounds how many callers' batches share one settling transaction, and so its length (a batch holds at most
     * {@code max_claim_batch} submissions).
     */
    static final int MAX_SETTLING_BATCHES = 32;
    /** Two settling transactions at once: one's statements run while the other waits for the ledger or its commit. */
    static final int SETTLING_GROUPS_IN_FLIGHT = 2;

    private final Storage storage;
    private final Clock clock;
    private final WorkKinds kinds;
    private final MarketObserver observer;
    private final Settlement settlement;
    private final BatchRiders batchRiders;
    private final FailedLeases failedLeases;
    private final LeaseGrace grace;
    /** How verified work grows lease allowances (docs/economics.md, "Levels"); null when levels govern nothing. */
    private final LeaseAllowance.Growth allowanceGrowth;
    /** Concurrent batches of submissions settle in one shared transaction ({@link #settleTogether}). */
    private final SharedTransactions<VerifiedBatch, SettledBatch> settlements =
            new SharedTransactions<>(this::settleTogether, batch -> settleTogether(List.of(batch)).getFirst(),
                    MAX_SETTLING_BATCHES, SETTLING_GROUPS_IN_FLIGHT);

    ProofSettling(Storage storage, Clock clock, WorkKinds kinds, MarketObserver observer, Settlement settlement,
                  BatchRiders batchRiders, FailedLeases failedLeases, LeaseGrace grace,
                  LeaseAllowance.Growth allowanceGrowth) {
        this.storage = storage;
        this.clock = clock;
        this.kinds = kinds;
        this.observer = observer;
        this.settlement = settlement;
        this.batchRiders = batchRiders;
        this.failedLeases = failedLeases;
        this.grace = grace;
        this.allowanceGrowth = allowanceGrowth;
    }

    /**
     * Settles a batch of submissions from one prover; results come back in the order of {@code submissions}.
     */
    List<SubmissionResult> settle(Did prover, List<Submission> submissions) {
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
        long[] verifyMs = new long[submissions.size()];
        BlobStore blobs = storage.blobs();
        for (int i = 0; i < submissions.size(); i++) {
            if (before[i] != null) {
                Job job = before[i];
                WorkItem item = workItem(job, blobs, job.hasCommitment()
                        ? new WorkItem.Exchange(Hex.decode(job.commitment()), Hex.decode(job.challenge()))
                        : WorkItem.Exchange.NONE);
                long started = clock.nanoTime();
                verdicts[i] = safeVerify(item, submissions.get(i).proof());
                long took = clock.nanoTime() - started;
                observer.proofVerified(job.kind(), verdicts[i].accepted(), took);
                verifyMs[i] = took / 1_000_000;
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
            SettledBatch written = settlements.run(new VerifiedBatch(prover, submissions, before, verdicts, verifyMs));
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

    /**
     * One caller's submissions after verification: what its share of a settling transaction needs, with how long
     * each verification took (whole milliseconds, for the {@code verify_ms} of its {@code job.completed} event).
     */
    private record VerifiedBatch(Did prover, List<Submission> submissions, Job[] before, Verdict[] verdicts,
                                 long[] verifyMs) {
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
            deferred.growAllowances(allowanceGrowth);
            for (Slot slot : settling) {
                VerifiedBatch batch = group.get(slot.batch());
                Job job = locked.get(slot.jobId());
                Verdict verdict = batch.verdicts()[slot.index()];
                if (verdict.accepted()) {
                    String proofRef = proofRefs.next();
                    done.get(slot.batch())[slot.index()] = settlement.complete(deferred, job, batch.prover(),
                            proofRef, verdict, batch.verifyMs()[slot.index()], now);
                    // a batch's lead: the one proof settles every member still waiting in its batch
                    riders.get(slot.batch()).addAll(
                            batchRiders.settle(tx, deferred, job, batch.prover(), proofRef, verdict, now));
                } else {
                    done.get(slot.batch())[slot.index()] = failedLeases.end(tx, deferred, job, batch.prover().text(),
                            AttemptOutcome.PROOF_INVALID, verdict.reason().wire() + ": " + verdict.detail(), now);
                }
            }
            // Completed jobs could be done: the strikes collected on them count in full now (issue 27, item 4).
            failedLeases.confirmStrikes(tx, deferred, deferred.completedAfterFailures(), now);
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
}
