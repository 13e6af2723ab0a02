package org.pouw.gate.token;

import java.util.HexFormat;
import java.util.random.RandomGenerator;
import org.pouw.core.Clock;

/**
 * Mints tokens as a rule over the {@link Clock}: a fresh random {@code jti}, this node's audience and key id, the
 * class the mode fixes and the lifetime configured for the mode. Callers decide whether the subject earned it; this
 * class only writes what they decided, and it takes no class or permission from anyone.
 */
public final class AccessTokenIssuer {
    private final TokenKey key;
    private final Clock clock;
    private final RandomGenerator random;
    private final String audience;
    private final TokenLifetimes lifetimes;

    /** @param random a {@code SecureRandom} in production: the jti is what per-token rate limits count on */
    public AccessTokenIssuer(TokenKey key, Clock clock, RandomGenerator random, String audience,
            TokenLifetimes lifetimes) {
        if (audience == null || audience.isEmpty() || audience.length() > 128) {
            throw new IllegalArgumentException("tokens.audience must be 1…128 characters");
        }
        this.key = key;
        this.clock = clock;
        this.random = random;
        this.audience = audience;
        this.lifetimes = lifetimes;
    }

    public IssuedToken issue(TokenMode mode, String subject) {
        return issue(mode, subject, mode.accessClass());
    }

    /** A token of {@code accessClass}, which must be within the mode's ceiling (a pool the operator raised). */
    public IssuedToken issue(TokenMode mode, String subject, AccessClass accessClass) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        long now = clock.millis();
        AccessToken token = new AccessToken(audience, HexFormat.of().formatHex(id), key.kid(), subject, mode,
                accessClass, now, Math.addExact(now, lifetimes.of(mode)));
        return new IssuedToken(token, key.sign(token));
    }

    public String audience() {
        return audience;
    }
}
