package org.pouw.node.http;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.Clock;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.token.AccessToken;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.gate.token.TokenMode;
import org.pouw.node.ratelimit.TokenHolder;

/**
 * The edge's check of this node's access tokens, for the rate limits: a token verified once is remembered until its
 * expiry, so its holder's later requests cost a map lookup, not an Ed25519 verification (about 80 µs). A token not
 * remembered is verified only after its request has taken a token from its address's bucket (EdgeAdmission), so a
 * flood of forged tokens costs the node what a flood without tokens costs. The memory is bounded: past
 * {@link #REMEMBERED} tokens it starts afresh (a forgotten token is verified again, nothing more).
 */
public final class AccessTokenCheck {
    static final int REMEMBERED = 20_000;

    private final AccessTokenVerifier verifier;
    private final Clock clock;
    private final ConcurrentHashMap<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(TokenHolder holder, long expiresAtMs) {
    }

    AccessTokenCheck(AccessTokenVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    /** The holder of a token verified before and not expired since; empty if it must be verified. */
    Optional<TokenHolder> remembered(String wire) {
        Remembered seen = verified.get(wire);
        if (seen == null) {
            return Optional.empty();
        }
        if (clock.millis() >= seen.expiresAtMs()) {
            verified.remove(wire, seen);
            return Optional.empty();
        }
        return Optional.of(seen.holder());
    }

    /** Verifies {@code wire} (key, audience, expiry on the clock); the holder if it holds, remembered. */
    Optional<TokenHolder> verify(String wire) {
        if (!(verifier.verify(wire) instanceof GateVerdict.Accepted<AccessToken> accepted)) {
            return Optional.empty();
        }
        AccessToken token = accepted.value();
        Optional<String> did = Optional.empty();
        if (token.mode() == TokenMode.POW || token.mode() == TokenMode.POOL_VALIDATED) {
            try {
                did = Optional.of(DidKey.parse(token.subject()).toString());
            } catch (IllegalArgumentException notAKey) {
                return Optional.empty();
            }
        }
        TokenHolder holder = new TokenHolder(token.jti(), token.accessClass(), did);
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        verified.put(wire, new Remembered(holder, token.expiresAtMs()));
        return Optional.of(holder);
    }
}
