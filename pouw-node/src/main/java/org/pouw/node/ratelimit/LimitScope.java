package org.pouw.node.ratelimit;

import java.util.Locale;

/**
 * Whose bucket a limit is kept in: the caller's address (IPv4 address or IPv6 /64), the did its bearer token
 * verified, the access token it presented (by the token's {@code jti}) or the access token's class as a whole. The
 * {@code reason} label of {@code pouw_rate_limit_denials_total} is this scope.
 */
public enum LimitScope {
    ADDRESS,
    DID,
    TOKEN,
    TOKEN_CLASS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
