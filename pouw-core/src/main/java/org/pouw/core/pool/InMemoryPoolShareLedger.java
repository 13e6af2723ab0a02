package org.pouw.core.pool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The accounting of a pool process on its own: in memory, so a restart forgets which shares were counted (the node
 * still sells one token per header hash). Several pool processes, or one that must survive restarts, use a database.
 */
public final class InMemoryPoolShareLedger implements PoolShareLedger {
    private final Map<String, AcceptedShare> shares = new LinkedHashMap<>();

    @Override
    public synchronized boolean record(AcceptedShare share) {
        return shares.putIfAbsent(share.hashHex(), share) == null;
    }

    @Override
    public synchronized AcceptedWork onChallenge(String miner, String challengeId) {
        return sum(miner, challengeId, Long.MIN_VALUE);
    }

    @Override
    public synchronized AcceptedWork since(String miner, long sinceMs) {
        return sum(miner, null, Math.floorDiv(sinceMs, 1000L) * 1000L); // the port's second resolution
    }

    @Override
    public synchronized int prune(long nowMs) {
        int before = shares.size();
        shares.values().removeIf(share -> share.keepUntilMs() <= nowMs);
        return before - shares.size();
    }

    private AcceptedWork sum(String miner, String challengeId, long sinceMs) {
        long count = 0;
        long credited = 0;
        for (AcceptedShare share : shares.values()) {
            if (share.miner().equals(miner) && (challengeId == null || share.challengeId().equals(challengeId))
                    && share.acceptedAtMs() >= sinceMs) {
                count++;
                credited = Math.addExact(credited, share.credited());
            }
        }
        return new AcceptedWork(count, credited);
    }
}
