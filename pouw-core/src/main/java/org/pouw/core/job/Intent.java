package org.pouw.core.job;

import java.util.List;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;

/**
 * A client's request to run a program verifiably (§5 intents), with what the execution gave: the output registers,
 * the step count, the trace and the jobs that will prove it. {@code status} is {@code proving} until every job is
 * completed, then {@code proven}; {@code failed} or {@code expired} when a job ends that way.
 */
public record Intent(IntentId intentId, Did requester, String programRef, String inputs, long maxSteps,
                     Tier tier, long fee, String status, String output, long steps, Hash32 traceHash,
                     String traceRef, List<JobId> jobIds, long createdAtMs, long ledgerSeq) {
    public Intent {
        jobIds = List.copyOf(jobIds);
    }

    public Intent withStatus(String next) {
        return new Intent(intentId, requester, programRef, inputs, maxSteps, tier, fee, next, output, steps,
                traceHash, traceRef, jobIds, createdAtMs, ledgerSeq);
    }
}
