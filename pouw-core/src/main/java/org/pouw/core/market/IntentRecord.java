package org.pouw.core.market;

import java.util.List;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;

/**
 * An intent as stored, with its jobs and the ledger entry that reserved its fee. {@code lastEventSeq} is that of the
 * events its creation appended (0 when it was read back for a retry, and on PostgreSQL, which numbers events at
 * commit); {@code replay} says whether it is an earlier intent answered again for its {@code Idempotency-Key}.
 */
public record IntentRecord(Intent intent, List<Job> jobs, long ledgerSeq, long lastEventSeq, boolean replay) {
    public IntentRecord {
        jobs = List.copyOf(jobs);
    }

    /** A record created now. */
    static IntentRecord created(Intent intent, List<Job> jobs, long ledgerSeq, long lastEventSeq) {
        return new IntentRecord(intent, jobs, ledgerSeq, lastEventSeq, false);
    }

    /** An earlier intent read back for its idempotency key. */
    static IntentRecord replayed(Intent intent, List<Job> jobs) {
        return new IntentRecord(intent, jobs, intent.ledgerSeq(), 0, true);
    }

    /**
     * Whether this is an earlier intent answered again for its idempotency key, not one created now. (It was read
     * from {@code lastEventSeq == 0}, which on PostgreSQL held for every intent: each was answered 200 as a replay.)
     */
    public boolean isReplay() {
        return replay;
    }
}
