package org.pouw.pool.miner;

/**
 * {@code max_shares_per_second} (issue 23 §3): a token bucket of that many shares refilled at that rate on the
 * pool's clock, whatever the difficulty — the hard stop while vardiff catches up. Not thread-safe: {@link Miners}
 * holds the lock.
 */
final class ShareRateCap {
    private final int perSecond;
    private double tokens;
    private long refilledAtMs;

    ShareRateCap(int perSecond, long nowMs) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAtMs = nowMs;
    }

    boolean tryTake(long nowMs) {
        long elapsed = nowMs - refilledAtMs;
        if (elapsed > 0) {
            tokens = Math.min(perSecond, tokens + elapsed * perSecond / 1000.0);
            refilledAtMs = nowMs;
        }
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
