package org.pouw.gate.token;

import java.util.EnumMap;
import java.util.Map;

/**
 * How long the node's tokens live, per mode: checked once at start against each mode's ceiling (partner ≤ 15 min),
 * naming the setting that is wrong, then frozen.
 */
public final class TokenLifetimes {
    private final EnumMap<TokenMode, Long> lifetimeMs;

    public TokenLifetimes(Map<TokenMode, Long> lifetimeMs) {
        this.lifetimeMs = new EnumMap<>(TokenMode.class);
        for (TokenMode mode : TokenMode.values()) {
            Long ms = lifetimeMs.get(mode);
            if (ms == null) {
                throw new IllegalArgumentException("tokens." + mode.wire() + ".ttl_ms is not set");
            }
            if (ms <= 0 || ms > mode.maxLifetimeMs()) {
                throw new IllegalArgumentException("tokens." + mode.wire() + ".ttl_ms must be 1…"
                        + mode.maxLifetimeMs() + ", got " + ms);
            }
            this.lifetimeMs.put(mode, ms);
        }
    }

    /** Five minutes for anonymous and partner tokens, fifteen for tokens bought with work. */
    public static TokenLifetimes defaults() {
        return new TokenLifetimes(Map.of(TokenMode.ANONYMOUS, 5 * 60_000L, TokenMode.POW, 15 * 60_000L,
                TokenMode.POOL_VALIDATED, 15 * 60_000L, TokenMode.PARTNER, 5 * 60_000L));
    }

    public long of(TokenMode mode) {
        return lifetimeMs.get(mode);
    }
}
