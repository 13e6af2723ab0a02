package org.pouw.pool.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Miners with an accepted share in the last {@code windowMs} of the pool's clock: over HTTP a miner holds no
 * connection, so "connected" means "has recently done valid work" (issue 23 §6). Only proven miners enter, so
 * nobody can fill it with names; entries older than the window are dropped when it is read.
 */
final class ActiveMiners {
    private final long windowMs;
    private final Map<String, Long> lastAccepted = new ConcurrentHashMap<>();

    ActiveMiners(long windowMs) {
        this.windowMs = windowMs;
    }

    void accepted(String miner, long nowMs) {
        lastAccepted.merge(miner, nowMs, Math::max);
    }

    int count(long nowMs) {
        lastAccepted.values().removeIf(last -> last < nowMs - windowMs);
        return lastAccepted.size();
    }

    /** The most recently active first, at most {@code limit}: miner → its last accepted share's time. */
    List<Map.Entry<String, Long>> recent(long nowMs, int limit) {
        count(nowMs);
        return lastAccepted.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
