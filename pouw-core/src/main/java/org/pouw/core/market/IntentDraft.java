package org.pouw.core.market;

import java.util.List;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.job.MachineNeeds;
import org.pouw.core.job.Tier;

/**
 * An executed intent ready to become jobs: who pays, what ran and what came out. {@code inputs} and {@code output}
 * are JSON arrays as text. {@code workUnits} is what the intent costs in its kind's units of work, the node's own
 * count (issue 27, item 1; docs/economics.md, "Work units"): what its base fee is priced on, what the demand price's
 * queue and a requester's open work are counted in. {@code machine}: the cores and accelerators the requester
 * requires of whoever proves its jobs (issue 27, item 3), carried by each of them.
 */
public record IntentDraft(Did requester, String programRef, String inputs, long maxSteps, Tier tier, long fee,
                          String output, long steps, Hash32 traceHash, String traceRef, List<PlannedJob> jobs,
                          long workUnits, MachineNeeds machine) {
    public IntentDraft {
        jobs = List.copyOf(jobs);
        java.util.Objects.requireNonNull(machine, "machine");
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("an intent needs at least one job");
        }
        if (workUnits < 1) {
            throw new IllegalArgumentException("workUnits must be at least 1, got " + workUnits);
        }
    }

    /** A draft that requires nothing of the machine. */
    public IntentDraft(Did requester, String programRef, String inputs, long maxSteps, Tier tier, long fee,
                       String output, long steps, Hash32 traceHash, String traceRef, List<PlannedJob> jobs,
                       long workUnits) {
        this(requester, programRef, inputs, maxSteps, tier, fee, output, steps, traceHash, traceRef, jobs, workUnits,
                MachineNeeds.NONE);
    }

    /** This draft, its jobs requiring {@code newMachine} of their provers. */
    public IntentDraft requiring(MachineNeeds newMachine) {
        return new IntentDraft(requester, programRef, inputs, maxSteps, tier, fee, output, steps, traceHash, traceRef,
                jobs, workUnits, newMachine);
    }

    /** A draft whose work units are its steps (VM steps of a re-executed program, hash steps). */
    public IntentDraft(Did requester, String programRef, String inputs, long maxSteps, Tier tier, long fee,
                       String output, long steps, Hash32 traceHash, String traceRef, List<PlannedJob> jobs) {
        this(requester, programRef, inputs, maxSteps, tier, fee, output, steps, traceHash, traceRef, jobs,
                Math.max(1, steps));
    }
}
