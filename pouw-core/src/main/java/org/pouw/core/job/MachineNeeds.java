package org.pouw.core.job;

/**
 * What a job asks of its prover's machine besides memory (issue 27, item 3): the least number of cores
 * ({@code cores}, 0 states none: one core does) and the accelerators it must have ({@link Accelerator} bits). No kind
 * derives these from a job's size today; the requester states them on the intent and every job of it carries them.
 * A claim offers a job only to a worker declaring at least these cores and every one of these accelerators.
 */
public record MachineNeeds(int cores, long accelerators) {
    /** The most cores a worker may declare or a job require: more is a mistake, not a machine. */
    public static final int MAX_CORES = 1_024;
    /** A job that needs one core and no accelerator: every worker of its kind may take it. */
    public static final MachineNeeds NONE = new MachineNeeds(0, 0);

    public MachineNeeds {
        if (cores < 0 || cores > MAX_CORES) {
            throw new IllegalArgumentException("cores must be in [0, " + MAX_CORES + "], got " + cores);
        }
        if ((accelerators & ~allAccelerators()) != 0) {
            throw new IllegalArgumentException("accelerators holds bits off the list: " + Long.toBinaryString(accelerators));
        }
    }

    /** Both needs at once: the more cores, and the accelerators of either. */
    public MachineNeeds and(MachineNeeds other) {
        return new MachineNeeds(Math.max(cores, other.cores), accelerators | other.accelerators);
    }

    /** Every accelerator on the closed list. */
    public static long allAccelerators() {
        return (1L << Accelerator.values().length) - 1;
    }
}
