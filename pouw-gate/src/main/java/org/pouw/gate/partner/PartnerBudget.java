package org.pouw.gate.partner;

/** How many tokens a partner may take per interval; checked once, naming the setting. */
public record PartnerBudget(long tokensPerInterval, long intervalMs) {
    public PartnerBudget {
        if (tokensPerInterval <= 0) {
            throw new IllegalArgumentException("partners.tokens_per_interval must be > 0, got " + tokensPerInterval);
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("partners.interval_ms must be > 0, got " + intervalMs);
        }
    }

    /** The start of the interval {@code nowMs} falls in: intervals are aligned to the epoch, so nodes agree. */
    public long intervalStart(long nowMs) {
        return nowMs - Math.floorMod(nowMs, intervalMs);
    }
}
