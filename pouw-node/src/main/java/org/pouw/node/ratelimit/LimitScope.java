package org.pouw.node.ratelimit;

import java.util.Locale;

/**
 * Whose bucket a limit is kept in: the caller's address (IPv4 address or IPv6 /64) or the did its bearer token
 * verified. The {@code reason} label of {@code pouw_rate_limit_denials_total} is this scope.
 */
public enum LimitScope {
    ADDRESS,
    DID;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
