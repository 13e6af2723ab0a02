package org.pouw.gate.token;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token lets its holder do, lowest first. The node sets it from the {@link TokenMode} a token was bought with,
 * never from the request (issue 21 §4); rate limits apply per class, and an integrator gates on a minimum class.
 */
public enum AccessClass {
    /** {@code anonymous} tokens: nothing was paid, so the least. */
    LOW,
    /** {@code pow} tokens: a hashcash stamp or a paid useful job. */
    WORK,
    /** {@code pool_validated} tokens: a share a configured pool attested and the node re-checked. */
    MINER,
    /** {@code partner} tokens: a partner with a key and a budget. */
    PARTNER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AccessClass> fromWire(String text) {
        for (AccessClass value : values()) {
            if (value.wire().equals(text)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public boolean atLeast(AccessClass other) {
        return compareTo(other) >= 0;
    }
}
