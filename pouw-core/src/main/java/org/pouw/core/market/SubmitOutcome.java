package org.pouw.core.market;

import org.pouw.core.job.Job;
import org.pouw.core.work.Verdict;

/**
 * The result of a submission: the verdict, the job as it now stands, and the reward paid (0 when rejected).
 * A rejected proof is an expected outcome, not an exception; the HTTP edge turns it into 422.
 */
public record SubmitOutcome(Verdict verdict, Job job, long reward, long ledgerSeq) {
}
