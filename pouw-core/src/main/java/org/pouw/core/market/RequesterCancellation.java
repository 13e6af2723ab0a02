package org.pouw.core.market;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.Storage;

/**
 * A requester takes back work nobody is doing (issue 28 §3, a sweep's cancel; threat model in docs/economics.md,
 * "Cancelling one's own work"): of the given intents' jobs, those pending or dead-lettered end for good and their
 * reserved fees go back under each job's refund key; a job under lease is left to finish and be paid, since its prover
 * is working on the requester's word; completed, expired and cancelled jobs are not touched. One transaction: the jobs
 * are locked in job-id order as a claim or settlement locks them, so a claim either took a job before (it runs on) or
 * finds it cancelled after; its refund and every event commit together.
 */
public final class RequesterCancellation {
    private final Storage storage;
    private final Clock clock;
    private final MarketObserver observer;
    private final BatchRiders batchRiders;

    RequesterCancellation(Storage storage, Clock clock, MarketObserver observer, BatchRiders batchRiders) {
        this.storage = storage;
        this.clock = clock;
        this.observer = observer;
        this.batchRiders = batchRiders;
    }

    /** Whether the job ended by a cancel (its requester's or the operator's) rather than by failing or expiring. */
    public static boolean wasCancelled(Job job) {
        return JobCancellation.cancelled(job);
    }

    /**
     * What a cancel did: the jobs it cancelled and the fees it refunded (their ledger entries' seqs), and the jobs it
     * left running under a lease.
     */
    public record Outcome(List<Job> cancelled, List<Job> running, long refunded, List<Long> ledgerSeqs) {
        public Outcome {
            cancelled = List.copyOf(cancelled);
            running = List.copyOf(running);
            ledgerSeqs = List.copyOf(ledgerSeqs);
        }
    }

    /**
     * Cancels {@code requester}'s unclaimed jobs of {@code intentIds}, as the class comment says, and appends the event
     * {@code summary} builds from the outcome in the same transaction. Refused whole, changing nothing: an intent that
     * is not the requester's ({@code NOT_FOUND}, as if it did not exist: ids are not an oracle), and a cancel that
     * finds nothing to cancel ({@code CONFLICT}: cancelled already, or every job ended or under lease).
     */
    public Outcome cancelUnclaimed(Did requester, List<IntentId> intentIds, String reason,
                                   Function<Outcome, EventDraft> summary) {
        long now = clock.millis();
        long[] lastSeq = {0};
        Outcome outcome = storage.write(tx -> {
            List<JobId> jobIds = new ArrayList<>();
            for (IntentId intentId : intentIds) {
                Intent intent = tx.jobs().intent(intentId).filter(found -> found.requester().equals(requester))
                        .orElseThrow(() -> PouwException.notFound("intent " + intentId));
                jobIds.addAll(intent.jobIds());
            }
            DeferredWrites deferred = new DeferredWrites();
            List<Job> cancelled = new ArrayList<>();
            List<Job> running = new ArrayList<>();
            List<DeferredWrites.Entry> refunds = new ArrayList<>();
            List<IntentId> touched = new ArrayList<>();
            int cancelledBefore = 0;
            for (Job job : tx.jobs().findAllForUpdate(jobIds)) {
                if (!job.requester().equals(requester)) {
                    throw PouwException.notFound("intent " + job.intentId()); // never another's money
                }
                if (job.status() == JobStatus.IN_PROGRESS) {
                    running.add(job);
                } else if (JobCancellation.holdsFee(job)) {
                    JobCancellation.Cancelled done = JobCancellation.cancel(tx, deferred, batchRiders, job,
                            requester.text(), reason, "its requester");
                    cancelled.add(done.job());
                    if (done.refund() != null) {
                        refunds.add(done.refund());
                    }
                    if (!touched.contains(job.intentId())) {
                        touched.add(job.intentId());
                    }
                } else if (JobCancellation.cancelled(job)) {
                    cancelledBefore++;
                }
            }
            if (cancelled.isEmpty()) {
                throw new PouwException(Problem.CONFLICT, cancelledBefore > 0
                        ? "cancelled already: " + cancelledBefore + " job(s) were cancelled earlier and nothing is"
                                + " left unclaimed (" + running.size() + " under lease finish and are paid)"
                        : "nothing to cancel: every job has ended or is under lease (" + running.size()
                                + " under lease finish and are paid)");
            }
            long refunded = cancelled.stream().mapToLong(Job::feeBudget).sum();
            deferred.flush(tx, now);
            tx.jobs().updateIntentStatuses(touched, "cancelled");
            Outcome done = new Outcome(cancelled, running, refunded,
                    refunds.stream().map(DeferredWrites.Entry::seq).toList());
            lastSeq[0] = tx.events().append(summary.apply(done), now).seq();
            return done;
        });
        if (lastSeq[0] > 0) { // PostgreSQL numbers events at commit and publishes them itself
            observer.eventsAppended(lastSeq[0]);
        }
        return outcome;
    }
}
