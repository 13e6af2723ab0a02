package org.pouw.gate.useful;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What every {@link JobLeaseHolders} adapter must answer: in memory here; over the market's job store in the node,
 * through this module's test jar.
 */
public abstract class JobLeaseHoldersContract {
    /** A fresh view for one test. */
    protected abstract JobLeaseHolders newHolders();

    /** Gives {@code jobId}'s lease to {@code did}, the way a claim does. */
    protected abstract void lease(JobLeaseHolders holders, String jobId, String did);

    /** Ends {@code jobId}'s lease, the way completion or expiry does. */
    protected abstract void endLease(JobLeaseHolders holders, String jobId);

    private static final String JOB = "e7870e89216b617bbeb51643b34a29f8";
    private static final String DID = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    @Test
    void aJobNotLeasedHasNoHolder() {
        assertThat(newHolders().holderOf(JOB)).isEmpty();
    }

    @Test
    void aLeasedJobNamesItsHolderUntilTheLeaseEnds() {
        JobLeaseHolders holders = newHolders();
        lease(holders, JOB, DID);
        assertThat(holders.holderOf(JOB)).contains(DID);
        assertThat(holders.holderOf("0123456789abcdef0123456789abcdef")).isEmpty();
        endLease(holders, JOB);
        assertThat(holders.holderOf(JOB)).isEmpty();
    }
}
