package org.pouw.core.job;

import java.util.Objects;

/**
 * What a job asks of the machine that proves it (issue 27, item 3), derived by its kind from the job's size: the
 * memory a prover needs, in MiB, and the size of the largest result (proof or opening) it may have to upload, in
 * bytes; 0 where the kind states none. {@code sizeField} is the request field the size follows from (an ML task's
 * {@code model}, a program's {@code max_steps}): a node that could not serve the job refuses it naming that field.
 * {@code slowestMs}: how long the job takes at the node's slowest assumed speed for its kind (0: not stated), which
 * the market, not the kind, adds at posting ({@link #withSlowestMs}). {@code machine}: the cores and accelerators
 * the requester stated on the intent ({@link #withMachine}), {@link MachineNeeds#NONE} unless stated.
 */
public record JobNeeds(long memoryMb, long resultBytes, String sizeField, long slowestMs, MachineNeeds machine) {
    /** A job that states no needs: every worker that runs its kind may take it. */
    public static final JobNeeds NONE = new JobNeeds(0, 0, "");

    public JobNeeds {
        Objects.requireNonNull(sizeField, "sizeField");
        Objects.requireNonNull(machine, "machine");
        if (memoryMb < 0 || resultBytes < 0 || slowestMs < 0) {
            throw new IllegalArgumentException("needs must be >= 0, got memory " + memoryMb + " MiB, a result of "
                    + resultBytes + " bytes and " + slowestMs + " ms");
        }
    }

    /** Needs that state no time. */
    public JobNeeds(long memoryMb, long resultBytes, String sizeField) {
        this(memoryMb, resultBytes, sizeField, 0, MachineNeeds.NONE);
    }

    public JobNeeds withSlowestMs(long ms) {
        return new JobNeeds(memoryMb, resultBytes, sizeField, ms, machine);
    }

    public JobNeeds withMachine(MachineNeeds newMachine) {
        return new JobNeeds(memoryMb, resultBytes, sizeField, slowestMs, newMachine);
    }
}
