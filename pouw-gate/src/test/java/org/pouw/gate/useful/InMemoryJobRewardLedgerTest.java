package org.pouw.gate.useful;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The in-memory adapter under the contract; like the ledger, it pays a job once. */
class InMemoryJobRewardLedgerTest extends JobRewardLedgerContract {
    @Override
    protected JobRewardLedger newLedger() {
        return new InMemoryJobRewardLedger();
    }

    @Override
    protected void payReward(JobRewardLedger ledger, String jobId, String did, long paidAtMs) {
        ((InMemoryJobRewardLedger) ledger).pay(jobId, did, paidAtMs);
    }

    @Test
    void aJobIsPaidOnceAndTheFirstPaymentStands() {
        InMemoryJobRewardLedger ledger = new InMemoryJobRewardLedger();
        assertThat(ledger.pay("e7870e89216b617bbeb51643b34a29f8", "did:key:a", 1)).isTrue();
        assertThat(ledger.pay("e7870e89216b617bbeb51643b34a29f8", "did:key:b", 2)).isFalse();
        assertThat(ledger.rewardOf("e7870e89216b617bbeb51643b34a29f8").orElseThrow().did()).isEqualTo("did:key:a");
    }
}
