package org.pouw.core.market;

import java.util.List;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;

/** An intent as stored, with its jobs and the ledger entry that reserved its fee. */
public record IntentRecord(Intent intent, List<Job> jobs, long ledgerSeq, long lastEventSeq) {
    public IntentRecord {
        jobs = List.copyOf(jobs);
    }
}
