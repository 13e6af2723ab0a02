package org.pouw.gate.token;

import java.util.Locale;
import java.util.Optional;

/**
 * How a token was bought (issue 21 §4). Each mode fixes the token's {@link AccessClass} and the longest lifetime a
 * token of it may have; neither is ever read from a request.
 */
public enum TokenMode {
    ANONYMOUS(AccessClass.LOW, 15 * 60_000L),
    POW(AccessClass.WORK, 60 * 60_000L),
    POOL_VALIDATED(AccessClass.MINER, 60 * 60_000L),
    /** Partner tokens live at most 15 minutes (issue 21 §4), so a revoked key stops working soon everywhere. */
    PARTNER(AccessClass.PARTNER, 15 * 60_000L);

    private final AccessClass accessClass;
    private final long maxLifetimeMs;

    TokenMode(AccessClass accessClass, long maxLifetimeMs) {
        this.accessClass = accessClass;
        this.maxLifetimeMs = maxLifetimeMs;
    }

    public AccessClass accessClass() {
        return accessClass;
    }

    /** The longest {@code exp − iat} a token of this mode may carry; verifiers refuse longer ones. */
    public long maxLifetimeMs() {
        return maxLifetimeMs;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TokenMode> fromWire(String text) {
        for (TokenMode mode : values()) {
            if (mode.wire().equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
