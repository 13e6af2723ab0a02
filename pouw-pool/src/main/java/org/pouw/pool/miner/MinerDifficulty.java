package org.pouw.pool.miner;

/**
 * One miner's difficulty over the pool's receive clock (issue 23 §3). Shares since the window began give the rate;
 * a rate above {@code jumpFactor} × the target raises the difficulty at once to what that rate calls for, with no
 * limit, so a miner with an ASIC at the minimum is brought down to the target rate within a few shares; a window of
 * {@code retargetTimeMs} retargets either way, lowering at most ÷{@code maxLowerFactor}. The previous difficulty is
 * remembered for {@code changeGraceMs}, for shares of work sent before the change. Not thread-safe: {@link Miners}
 * holds the lock.
 */
final class MinerDifficulty {
    private final VardiffSettings settings;
    private long difficulty;
    private long previous;
    private long changedAtMs;
    private long windowStartMs;
    private long windowShares;

    MinerDifficulty(VardiffSettings settings, long startDifficulty, long nowMs) {
        this.settings = settings;
        this.difficulty = clamp(startDifficulty);
        this.previous = difficulty;
        this.changedAtMs = nowMs;
        this.windowStartMs = nowMs;
    }

    long current(long nowMs) {
        retargetIfDue(nowMs);
        return difficulty;
    }

    /**
     * What a share stated at {@code stated} is credited at, or 0 when that difficulty is not acceptable now: at
     * least the current one (credited as stated: a miner may ask for more), or the previous one within the grace
     * after a change (credited at the lower of the two).
     */
    long creditFor(long stated, long nowMs) {
        long now = current(nowMs);
        if (stated >= now) {
            return stated;
        }
        if (stated == previous && nowMs - changedAtMs <= settings.changeGraceMs()) {
            return Math.min(stated, now);
        }
        return 0;
    }

    /** Counts an accepted share and raises at once when the rate is far above the target. */
    void accepted(long nowMs) {
        windowShares++;
        long elapsed = Math.max(1, nowMs - windowStartMs);
        // Above jumpFactor × the target rate: shares × target_time > jumpFactor × elapsed. Two shares at least, so
        // one lucky share right after a retarget does not move anything.
        if (windowShares >= 2 && windowShares * settings.targetTimeMs() > settings.jumpFactor() * elapsed) {
            change(scaled(windowShares, elapsed), nowMs);
            return;
        }
        retargetIfDue(nowMs);
    }

    private void retargetIfDue(long nowMs) {
        long elapsed = nowMs - windowStartMs;
        if (elapsed < settings.retargetTimeMs()) {
            return;
        }
        long wanted = scaled(windowShares, elapsed);
        // At most ÷maxLowerFactor for each whole retarget window that passed (a miner gone quiet for several).
        long floor = difficulty;
        for (long windows = elapsed / settings.retargetTimeMs(); windows > 0 && floor > 1; windows--) {
            floor = Math.max(1, floor / settings.maxLowerFactor());
        }
        change(Math.max(wanted, floor), nowMs);
    }

    /** The difficulty at which {@code shares} in {@code elapsedMs} would have been one share a target time. */
    private long scaled(long shares, long elapsedMs) {
        double factor = (double) shares * settings.targetTimeMs() / elapsedMs;
        double wanted = StrictMath.floor(difficulty * factor);
        return wanted >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) wanted;
    }

    private void change(long wanted, long nowMs) {
        long next = clamp(wanted);
        if (next != difficulty) {
            previous = difficulty;
            difficulty = next;
            changedAtMs = nowMs;
        }
        windowStartMs = nowMs;
        windowShares = 0;
    }

    private long clamp(long value) {
        return Math.min(settings.maxDifficulty(), Math.max(settings.minDifficulty(), value));
    }
}
