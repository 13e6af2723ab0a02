package org.pouw.core.market;

import java.util.List;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.job.Tier;

/**
 * An executed intent ready to become jobs: who pays, what ran and what came out. {@code inputs} and {@code output}
 * are JSON arrays as text.
 */
public record IntentDraft(Did requester, String programRef, String inputs, long maxSteps, Tier tier, long fee,
                          String output, long steps, Hash32 traceHash, String traceRef, List<PlannedJob> jobs) {
    public IntentDraft {
        jobs = List.copyOf(jobs);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("an intent needs at least one job");
        }
    }
}
