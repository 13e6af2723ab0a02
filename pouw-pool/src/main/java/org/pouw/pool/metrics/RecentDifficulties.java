package org.pouw.pool.metrics;

import java.util.Arrays;

/**
 * The credited difficulty of the last {@value #SIZE} accepted shares, for {@code GET /pool/status}'s {@code difficulty}
 * (docs/pool.md §6a): exact percentiles of recent work, where the Prometheus histogram has buckets 4 bits wide. A
 * fixed ring, so a busy pool keeps no more than a quiet one.
 */
final class RecentDifficulties {
    static final int SIZE = 1024;

    private final long[] ring = new long[SIZE];
    private int next;
    private int held;

    synchronized void add(long difficulty) {
        ring[next] = difficulty;
        next = (next + 1) % SIZE;
        held = Math.min(held + 1, SIZE);
    }

    /** The shares counted, p50, p99 and the largest, by the nearest-rank method; all zero before any share. */
    synchronized Summary summary() {
        if (held == 0) {
            return new Summary(0, 0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(ring, held);
        Arrays.sort(sorted);
        return new Summary(held, rank(sorted, 50), rank(sorted, 99), sorted[held - 1]);
    }

    private static long rank(long[] sorted, int percent) {
        int rank = (int) Math.ceilDiv((long) percent * sorted.length, 100L);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** @param shares how many recent shares the figures are of (at most {@value #SIZE}) */
    record Summary(int shares, long p50, long p99, long max) {
    }
}
