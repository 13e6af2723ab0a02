package org.pouw.pool.metrics;

/**
 * The pool's hash-rate estimate (issue 23 §6): the credited work of accepted shares — each share's difficulty is its
 * expected number of hashes — summed over the last {@value #SECONDS} seconds of the pool's clock, per second. One
 * figure for the whole pool, never one per miner, so the number of series does not grow with the miners.
 */
final class HashRateWindow {
    static final int SECONDS = 60;
    private final long[] second = new long[SECONDS];
    private final double[] work = new double[SECONDS];

    HashRateWindow() {
        java.util.Arrays.fill(second, Long.MIN_VALUE);
    }

    synchronized void add(long nowMs, long difficulty) {
        long now = Math.floorDiv(nowMs, 1000L);
        int slot = (int) Math.floorMod(now, SECONDS);
        if (second[slot] != now) {
            second[slot] = now;
            work[slot] = 0;
        }
        work[slot] += difficulty;
    }

    /** Expected hashes per second over the window that ends now. */
    synchronized double perSecond(long nowMs) {
        long now = Math.floorDiv(nowMs, 1000L);
        double sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second[i] > now - SECONDS && second[i] <= now) {
                sum += work[i];
            }
        }
        return sum / SECONDS;
    }
}
