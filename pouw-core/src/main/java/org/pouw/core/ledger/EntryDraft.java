package org.pouw.core.ledger;

import java.util.List;
import org.pouw.core.id.JobId;

/**
 * A ledger entry before the store numbers and chains it. {@code key} is unique across the ledger: a reward's key is
 * {@code reward:<job_id>}, so no job is ever paid twice; a transfer's is its sender's idempotency key.
 */
public record EntryDraft(EntryKind kind, String key, List<Posting> postings, List<JobId> jobIds, String memo) {
    public EntryDraft {
        postings = List.copyOf(postings);
        jobIds = List.copyOf(jobIds);
        memo = memo == null ? "" : memo;
        long sum = 0;
        for (Posting posting : postings) {
            sum = Math.addExact(sum, posting.amount());
        }
        if (sum != 0) {
            throw new IllegalArgumentException("postings of " + key + " sum to " + sum + ", not zero");
        }
    }

    public static String rewardKey(JobId jobId) {
        return "reward:" + jobId;
    }

    public static String refundKey(JobId jobId) {
        return "refund:" + jobId;
    }

    /** Collateral forfeited by the lease of attempt {@code attempt}: one lease, one forfeit. */
    public static String forfeitKey(JobId jobId, int attempt) {
        return "forfeit:" + jobId + ":" + attempt;
    }

    /** The forfeits held on a job, paid on when it ends: to its completer or to the node, once either way. */
    public static String forfeitsHeldKey(JobId jobId) {
        return "forfeits:" + jobId;
    }
}
