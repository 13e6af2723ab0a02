package org.pouw.gate.useful;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRewardLedger} adapter must answer: in memory here; over the market's ledger store in the node
 * (its reward entries: account and time), through this module's test jar.
 */
public abstract class JobRewardLedgerContract {
    /** A fresh ledger for one test. */
    protected abstract JobRewardLedger newLedger();

    /** Pays {@code reward:<jobId>} to {@code did} at {@code paidAtMs}, the way the market completes a job. */
    protected abstract void payReward(JobRewardLedger ledger, String jobId, String did, long paidAtMs);

    private static final String JOB = "e7870e89216b617bbeb51643b34a29f8";
    private static final String DID = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    @Test
    void anUnpaidJobHasNoReward() {
        assertThat(newLedger().rewardOf(JOB)).isEmpty();
    }

    @Test
    void aPaidJobNamesItsProverAndTheTimeOfPayment() {
        JobRewardLedger ledger = newLedger();
        payReward(ledger, JOB, DID, 1_760_000_000_123L);
        assertThat(ledger.rewardOf(JOB)).contains(new JobRewardLedger.JobReward(DID, 1_760_000_000_123L));
        assertThat(ledger.rewardOf("0123456789abcdef0123456789abcdef")).isEmpty();
    }
}
