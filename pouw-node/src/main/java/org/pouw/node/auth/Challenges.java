package org.pouw.node.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.Clock;

/**
 * Single-use login challenges (§5): each lives {@code ttlMs} and is consumed by the first token request that
 * presents it, right or wrong, so a captured signature cannot be replayed. Expired ones are swept as new ones are
 * issued, and the number outstanding is capped so a flood of requests cannot grow memory without bound.
 */
public final class Challenges {
    private static final int MAX_OUTSTANDING = 100_000;

    private record Issued(String did, long expiresAtMs) {
    }

    private final Map<String, Issued> outstanding = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final long ttlMs;

    public Challenges(Clock clock, long ttlMs) {
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    public record Challenge(String challenge, long expiresAtMs) {
    }

    /** A fresh challenge for {@code did}, or null when too many are outstanding (the caller answers 429). */
    public Challenge issue(String did) {
        long now = clock.millis();
        if (outstanding.size() >= MAX_OUTSTANDING) {
            outstanding.values().removeIf(issued -> issued.expiresAtMs() < now);
            if (outstanding.size() >= MAX_OUTSTANDING) {
                return null;
            }
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long expires = now + ttlMs;
        outstanding.put(challenge, new Issued(did, expires));
        return new Challenge(challenge, expires);
    }

    /** Removes the challenge and says whether it was issued to {@code did} and is still fresh. */
    public boolean consume(String challenge, String did) {
        Issued issued = outstanding.remove(challenge);
        return issued != null && issued.did().equals(did) && issued.expiresAtMs() >= clock.millis();
    }
}
