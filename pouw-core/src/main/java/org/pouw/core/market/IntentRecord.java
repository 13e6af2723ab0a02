package org.pouw.core.market;

import java.util.List;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;

/**
 * An intent as stored, with its jobs and the ledger entry that reserved its fee. {@code lastEventSeq} is that of the
 * events its creation appended, or 0 when it was read back for a retry under the same {@code Idempotency-Key}.
 */
public record IntentRecord(Intent intent, List<Job> jobs, long ledgerSeq, long lastEventSeq) {
    public IntentRecord {
        jobs = List.copyOf(jobs);
    }

    /** Whether this is an earlier intent answered again for its idempotency key, not one created now. */
    public boolean isReplay() {
        return lastEventSeq == 0;
    }
}
