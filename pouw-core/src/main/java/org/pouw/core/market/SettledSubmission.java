package org.pouw.core.market;

import org.pouw.core.job.Job;

/** What one settlement step wrote: the job's new state, the reward paid, the ledger entry and the last event. */
record SettledSubmission(Job job, long reward, long ledgerSeq, long lastEventSeq) {
}
