package org.pouw.gate.useful;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link JobRewardLedger} in memory, for tests and simulations; like the ledger, a job is paid at most once. */
public final class InMemoryJobRewardLedger implements JobRewardLedger {
    private final ConcurrentHashMap<String, JobReward> rewards = new ConcurrentHashMap<>();

    /** Records {@code reward:<jobId>}; false if the job was paid already (the ledger key is unique). */
    public boolean pay(String jobId, String did, long paidAtMs) {
        return rewards.putIfAbsent(jobId, new JobReward(did, paidAtMs)) == null;
    }

    @Override
    public Optional<JobReward> rewardOf(String jobId) {
        return Optional.ofNullable(rewards.get(jobId));
    }
}
