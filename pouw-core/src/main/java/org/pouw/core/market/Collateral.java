package org.pouw.core.market;

import java.util.List;
import org.pouw.core.job.Job;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;

/**
 * What happens to a lease's collateral and a job's held forfeits when they end (issue 27, item 4;
 * docs/economics.md, "Bids and collateral"), inside the settling transaction: the job row is locked and its lease
 * fenced by the caller, so each of these runs once per lease or per job, and the ledger keys make a second posting
 * impossible anyway. Forfeits never go to the job's requester: a client cannot post work nobody can deliver and
 * collect the collateral of whoever tries.
 */
final class Collateral {
    private Collateral() {
    }

    /**
     * Ends the lease's lock: its collateral is unlocked, and {@code forfeit} of it (0 when the holder is not to
     * blame) is moved from the holder to {@link Accounts#MARKET_FORFEITS} and held on the job. Returns the job with
     * the forfeit held; its collateral is cleared by the caller's {@code released}/{@code completed}.
     */
    static Job endLease(DeferredWrites deferred, Job job, long forfeit) {
        if (job.collateral() == 0) {
            return job;
        }
        if (forfeit < 0 || forfeit > job.collateral()) {
            throw new IllegalArgumentException("forfeit " + forfeit + " is outside [0, " + job.collateral() + "]");
        }
        deferred.unlock(job.leaseHolder(), job.collateral());
        if (forfeit == 0) {
            return job;
        }
        deferred.ledger(new EntryDraft(EntryKind.FORFEIT, EntryDraft.forfeitKey(job.jobId(), job.attempts()),
                List.of(new Posting(job.leaseHolder(), -forfeit), new Posting(Accounts.MARKET_FORFEITS, forfeit)),
                List.of(job.jobId()), "collateral forfeited by attempt " + job.attempts() + " of job " + job.jobId()));
        return job.withForfeit(forfeit);
    }

    /** The job ended: the forfeits held on it go to {@code to} (its completer, or the node's earned account). */
    static void payHeld(DeferredWrites deferred, Job job, String to) {
        if (job.forfeitsHeld() == 0) {
            return;
        }
        deferred.ledger(new EntryDraft(EntryKind.FORFEIT, EntryDraft.forfeitsHeldKey(job.jobId()),
                List.of(new Posting(Accounts.MARKET_FORFEITS, -job.forfeitsHeld()),
                        new Posting(to, job.forfeitsHeld())),
                List.of(job.jobId()), "collateral forfeited on job " + job.jobId() + " paid on to "
                        + (Accounts.POOL_EARNED.equals(to) ? "the node" : "its completer")));
    }
}
