package org.pouw.gate.token;

import java.util.Locale;
import java.util.Optional;

/**
 * How a token was bought (issue 21 §4). Each mode fixes the token's {@link AccessClass} (for pool tokens, up to a
 * ceiling the operator may raise a pool to) and the longest lifetime a token of it may have; neither is ever read
 * from a request.
 */
public enum TokenMode {
    ANONYMOUS(AccessClass.LOW, AccessClass.LOW, 15 * 60_000L),
    POW(AccessClass.WORK, AccessClass.WORK, 60 * 60_000L),
    /**
     * At most what {@code pow} buys unless the operator raises one pool to {@code miner} (issue 23 §1,
     * {@code pools.overrides} {@code <pool>.max_class}): a pool's word must not buy more than work the node checks.
     */
    POOL_VALIDATED(AccessClass.WORK, AccessClass.MINER, 60 * 60_000L),
    /** Partner tokens live at most 15 minutes (issue 21 §4), so a revoked key stops working soon everywhere. */
    PARTNER(AccessClass.PARTNER, AccessClass.PARTNER, 15 * 60_000L);

    private final AccessClass accessClass;
    private final AccessClass maxClass;
    private final long maxLifetimeMs;

    TokenMode(AccessClass accessClass, AccessClass maxClass, long maxLifetimeMs) {
        this.accessClass = accessClass;
        this.maxClass = maxClass;
        this.maxLifetimeMs = maxLifetimeMs;
    }

    /** The class a token of this mode gets unless the operator set another (only pools have that setting). */
    public AccessClass accessClass() {
        return accessClass;
    }

    /** The highest class a token of this mode can ever have, whatever the settings; verifiers refuse more. */
    public AccessClass maxClass() {
        return maxClass;
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
