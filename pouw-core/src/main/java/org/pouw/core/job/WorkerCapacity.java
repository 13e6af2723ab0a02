package org.pouw.core.job;

/**
 * What a worker declares it can run, beyond kinds and tiers (issue 27, item 3): its memory in MiB and the largest job
 * it takes, in work units (the units a job's fee is split by); 0 declares nothing and filters nothing. Declarations
 * only filter: a claim is offered the jobs whose needs fit ({@link JobNeeds#memoryMb()} at most {@code memoryMb},
 * work units at most {@code maxWorkUnits}); declaring more never earns more, nor ranks a worker higher.
 * {@code cores} and {@code accelerators} (an {@link Accelerator} mask) are what the machine has: a job requiring more
 * cores or an accelerator it lacks is not offered. Unlike memory, these filter even when undeclared: a worker that
 * declares no cores is taken to have one, and one that declares no accelerators to have none, so a job that needs
 * them never reaches a worker that did not say it has them.
 * {@code pacePermille} is not declared but measured: the node's admission of the claim sets it from the prover's
 * record ({@link org.pouw.core.standing.ProverPace#offeredAt}), and a job is offered only if its time at the slowest
 * speed over this pace fits before its deadline; 0 filters nothing (the node's own workers).
 */
public record WorkerCapacity(long memoryMb, long maxWorkUnits, int cores, long accelerators, long pacePermille) {
    /** A worker that declares nothing: offered every job of its kinds and tiers that needs one core and no accelerator. */
    public static final WorkerCapacity UNDECLARED = new WorkerCapacity(0, 0);

    /** What a worker declares of its memory and largest job; its pace is the node's to set. */
    public WorkerCapacity(long memoryMb, long maxWorkUnits) {
        this(memoryMb, maxWorkUnits, 0, 0, 0);
    }

    public WorkerCapacity {
        if (memoryMb < 0) {
            throw new IllegalArgumentException("memory_mb must be >= 0 (0: undeclared), got " + memoryMb);
        }
        if (maxWorkUnits < 0) {
            throw new IllegalArgumentException("max_work_units must be >= 0 (0: undeclared), got " + maxWorkUnits);
        }
        if (cores < 0 || cores > MachineNeeds.MAX_CORES) {
            throw new IllegalArgumentException("cores must be in [0, " + MachineNeeds.MAX_CORES + "] (0: undeclared), got "
                    + cores);
        }
        if ((accelerators & ~MachineNeeds.allAccelerators()) != 0) {
            throw new IllegalArgumentException("accelerators holds bits off the list: " + accelerators);
        }
        if (pacePermille < 0) {
            throw new IllegalArgumentException("pace must be >= 0, got " + pacePermille);
        }
    }

    /** This capacity offered work at {@code permille} of the slowest speed. */
    public WorkerCapacity atPace(long permille) {
        return new WorkerCapacity(memoryMb, maxWorkUnits, cores, accelerators, permille);
    }

    /** This capacity on a machine of {@code newCores} cores (0: undeclared) with these accelerators. */
    public WorkerCapacity withMachine(int newCores, long newAccelerators) {
        return new WorkerCapacity(memoryMb, maxWorkUnits, newCores, newAccelerators, pacePermille);
    }

    /** The cores the claim filters by: one when none were declared. */
    public int coresOffered() {
        return Math.max(1, cores);
    }

    public boolean filtersByTime() {
        return pacePermille > 0;
    }

    public boolean declaresMemory() {
        return memoryMb > 0;
    }

    public boolean declaresLargestJob() {
        return maxWorkUnits > 0;
    }
}
