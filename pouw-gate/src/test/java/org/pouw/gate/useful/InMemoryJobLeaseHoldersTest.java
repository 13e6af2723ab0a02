package org.pouw.gate.useful;

/** The in-memory adapter under the contract. */
class InMemoryJobLeaseHoldersTest extends JobLeaseHoldersContract {
    @Override
    protected JobLeaseHolders newHolders() {
        return new InMemoryJobLeaseHolders();
    }

    @Override
    protected void lease(JobLeaseHolders holders, String jobId, String did) {
        ((InMemoryJobLeaseHolders) holders).lease(jobId, did);
    }

    @Override
    protected void endLease(JobLeaseHolders holders, String jobId) {
        ((InMemoryJobLeaseHolders) holders).release(jobId);
    }
}
