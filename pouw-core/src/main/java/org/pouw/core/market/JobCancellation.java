package org.pouw.core.market;

import java.util.List;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.job.AttemptEnding;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.StoreTx;

/**
 * Ends a job that still holds its reserved fee and gives the fee back, inside the caller's transaction: the
 * operator's cancel ({@link MarketOperator}) and a requester's withdrawal of unclaimed work
 * ({@link RequesterCancellation}) are the same act with another author. The refund is keyed by the job id, the key an
 * expiry's refund uses, so a job's fee goes back once whichever way it ends.
 */
final class JobCancellation {
    /** What {@code last_error} of a cancelled job starts with; how a report tells a cancel from another failure. */
    static final String PREFIX = "cancelled by ";

    private JobCancellation() {
    }

    /** The cancelled job and its refund entry (null when its fee was 0). */
    record Cancelled(Job job, DeferredWrites.Entry refund) {
    }

    /** Pending, leased and dead-lettered jobs still hold their reserved fee; every other status is final. */
    static boolean holdsFee(Job job) {
        return job.status() == JobStatus.PENDING || job.status() == JobStatus.IN_PROGRESS
                || job.status() == JobStatus.DEAD_LETTER;
    }

    static boolean cancelled(Job job) {
        return job.status() == JobStatus.FAILED && job.lastError().startsWith(PREFIX);
    }

    /**
     * Cancels {@code held} (a job that {@link #holdsFee}, locked by the caller) for {@code by}: its live lease ends
     * with the holder's collateral back whole (not the holder's doing), forfeits held go to the node, a batch it leads
     * dissolves, and the job is {@code failed} with {@code last_error} naming {@code by} and the reason.
     * {@code author} says who did it in the attempt and the refund's memo ("the operator", "its requester").
     */
    static Cancelled cancel(StoreTx tx, DeferredWrites deferred, BatchRiders batchRiders, Job held, String by,
                            String reason, String author) {
        Job job = Collateral.endLease(deferred, held, 0);
        Collateral.payHeld(deferred, job, Accounts.POOL_EARNED);
        deferred.dropHeldFailures(job); // ended without a result: no failure held on it counts
        boolean leased = job.status() == JobStatus.IN_PROGRESS;
        if (leased) {
            deferred.endAttempt(new AttemptEnding(job.jobId(), job.attempts(), AttemptOutcome.CANCELLED,
                    "cancelled by " + author), unused -> { });
        }
        // a batch's lead: its members go back to proving on their own (a member itself is simply not paid later)
        batchRiders.dissolve(tx, deferred, job, AttemptOutcome.CANCELLED.wire());
        Job cancelled = job.released(JobStatus.FAILED, PREFIX + by + (reason.isEmpty() ? "" : ": " + reason));
        deferred.jobChanged(cancelled);
        EventData data = EventData.of().put("refund", job.feeBudget()).put("by", by).put("reason", reason)
                .put("lease_ended", leased);
        if (job.feeBudget() == 0) {
            deferred.event(new EventDraft("job.cancelled", job.jobId(), job.intentId(), data.toString()));
            return new Cancelled(cancelled, null);
        }
        DeferredWrites.Entry entry = deferred.ledger(new EntryDraft(EntryKind.REFUND,
                EntryDraft.refundKey(job.jobId()), List.of(new Posting(Accounts.POOL_RESERVED, -job.feeBudget()),
                        new Posting(job.requester().text(), job.feeBudget())),
                List.of(job.jobId()), "refund for job " + job.jobId() + ", cancelled by " + author));
        deferred.event(entry, seq -> new EventDraft("job.cancelled", job.jobId(), job.intentId(),
                data.put("ledger_seq", seq).toString()));
        return new Cancelled(cancelled, entry);
    }
}
