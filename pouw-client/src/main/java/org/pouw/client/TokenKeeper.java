package org.pouw.client;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.pouw.core.Clock;

/**
 * Holds the bearer token and gets a fresh one before the old one runs out (§5), so a long job never meets a 401
 * in the middle of a submit. A 401 anyway (node restarted, clocks apart) invalidates the token and the next call
 * signs in again.
 *
 * <p>The node's {@code expires_at_ms} is on the node's clock. Only the token's lifetime as seen at receipt is used,
 * measured on this machine's clock, so a skewed clock changes nothing but the margin.
 */
final class TokenKeeper {
    /** Refresh this long before expiry at most; a quarter of the lifetime when tokens are short-lived. */
    private static final long MAX_REFRESH_MARGIN_MS = 60_000;

    private final Supplier<AuthToken> signIn;
    private final Clock clock;
    // A lock rather than synchronized: virtual threads share this and must not pin a carrier on JDK 21.
    private final ReentrantLock lock = new ReentrantLock();
    private AuthToken current;
    private long refreshAtMs;

    TokenKeeper(Supplier<AuthToken> signIn, Clock clock) {
        this.signIn = signIn;
        this.clock = clock;
    }

    /** A token believed valid; signs in (blocking all callers, once) when there is none or it is about to lapse. */
    String bearer() {
        lock.lock();
        try {
            long now = clock.millis();
            if (current == null || now >= refreshAtMs) {
                current = signIn.get();
                long receivedAt = clock.millis();
                long lifetime = current.expiresAtMs() - receivedAt;
                // A lifetime that looks non-positive means the clocks disagree: keep the token until a 401 says no.
                refreshAtMs = lifetime <= 0 ? Long.MAX_VALUE
                        : receivedAt + lifetime - Math.min(lifetime / 4, MAX_REFRESH_MARGIN_MS);
            }
            return current.token();
        } finally {
            lock.unlock();
        }
    }

    /** The node refused {@code token}; forget it unless another caller already replaced it. */
    void rejected(String token) {
        lock.lock();
        try {
            if (current != null && current.token().equals(token)) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
