package org.pouw.gate.useful;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link JobLeaseHolders} in memory, for tests and simulations: who holds each job's lease now. */
public final class InMemoryJobLeaseHolders implements JobLeaseHolders {
    private final ConcurrentHashMap<String, String> holders = new ConcurrentHashMap<>();

    public void lease(String jobId, String did) {
        holders.put(jobId, did);
    }

    public void release(String jobId) {
        holders.remove(jobId);
    }

    @Override
    public Optional<String> holderOf(String jobId) {
        return Optional.ofNullable(holders.get(jobId));
    }
}
