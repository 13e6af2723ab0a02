package org.pouw.core.job;

/**
 * What a worker declares it can run, beyond kinds and tiers (issue 27, item 3): its memory in MiB and the largest job
 * it takes, in work units (the units a job's fee is split by); 0 declares nothing and filters nothing. Declarations
 * only filter: a claim is offered the jobs whose needs fit ({@link JobNeeds#memoryMb()} at most {@code memoryMb},
 * work units at most {@code maxWorkUnits}); declaring more never earns more, nor ranks a worker higher.
 * {@code pacePermille} is not declared but measured: the node's admission of the claim sets it from the prover's
 * record ({@link org.pouw.core.standing.ProverPace#offeredAt}), and a job is offered only if its time at the slowest
 * speed over this pace fits before its deadline; 0 filters nothing (the node's own workers).
 */
public record WorkerCapacity(long memoryMb, long maxWorkUnits, long pacePermille) {
    /** A worker that declares nothing: offered every job of its kinds and tiers. */
    public static final WorkerCapacity UNDECLARED = new WorkerCapacity(0, 0);

    /** What a worker declares; its pace is the node's to set. */
    public WorkerCapacity(long memoryMb, long maxWorkUnits) {
        this(memoryMb, maxWorkUnits, 0);
    }

    public WorkerCapacity {
        if (memoryMb < 0) {
            throw new IllegalArgumentException("memory_mb must be >= 0 (0: undeclared), got " + memoryMb);
        }
        if (maxWorkUnits < 0) {
            throw new IllegalArgumentException("max_work_units must be >= 0 (0: undeclared), got " + maxWorkUnits);
        }
        if (pacePermille < 0) {
            throw new IllegalArgumentException("pace must be >= 0, got " + pacePermille);
        }
    }

    /** This capacity offered work at {@code permille} of the slowest speed. */
    public WorkerCapacity atPace(long permille) {
        return new WorkerCapacity(memoryMb, maxWorkUnits, permille);
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
