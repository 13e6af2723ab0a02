package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.token.AccessToken;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.gate.token.TokenMode;
import org.pouw.node.auth.Tokens;
import org.pouw.node.ratelimit.Admission;
import org.pouw.node.ratelimit.LimitClass;
import org.pouw.node.ratelimit.RequestLimiter;
import org.pouw.node.ratelimit.TokenHolder;

/** Reads from a request what the rate limits key on — the client's address and a verified did — and asks them. */
final class EdgeAdmission {
    private static final String BEARER = "Bearer ";

    private EdgeAdmission() {
    }

    /**
     * The client's address as the node believes it: the socket's peer, or — only when that peer is one of
     * {@code http.trusted_proxies} — the first untrusted hop of {@code X-Forwarded-For}. Rate limits, the market's
     * quarantine by address prefix and the gate's per-source difficulty all key on it.
     */
    static InetAddress client(RequestLimiter limiter, ServerRequest req) {
        InetAddress peer = req.remotePeer().address() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? socket.getAddress() : InetAddress.getLoopbackAddress();
        List<String> forwarded = req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of);
        return limiter.addresses().resolve(peer, forwarded);
    }

    static Admission admit(RequestLimiter limiter, LimitClass limitClass, boolean leaseCall, InetAddress client,
                           ServerRequest req, ApiContext context) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (header.startsWith(BEARER + AccessTokenVerifier.PREFIX)) {
            Optional<TokenHolder> holder = context.accessTokens()
                    .flatMap(verifier -> holder(verifier, header.substring(BEARER.length()).strip()));
            // A token that does not verify (forged, expired, another node's) names no bucket: address only.
            return holder.isPresent() ? limiter.admit(limitClass, client, holder.get())
                    : limiter.admit(limitClass, leaseCall, client, Optional.empty());
        }
        return limiter.admit(limitClass, leaseCall, client, verifiedDid(req, context.tokens()));
    }

    /** The holder of an access token that verifies; empty for any other. */
    private static Optional<TokenHolder> holder(AccessTokenVerifier verifier, String wire) {
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
        return Optional.of(new TokenHolder(token.jti(), token.accessClass(), did));
    }

    /**
     * The did of a bearer token that verifies, in its canonical spelling; empty without one. A token that does not
     * verify names nobody: the request is limited by its address alone, and the endpoint answers 401.
     */
    private static Optional<String> verifiedDid(ServerRequest req, Tokens tokens) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.startsWith(BEARER)) {
            return Optional.empty();
        }
        return tokens.check(header.substring(BEARER.length()).strip()).flatMap(did -> {
            try {
                return Optional.of(DidKey.parse(did).toString());
            } catch (IllegalArgumentException notAKey) {
                return Optional.empty();
            }
        });
    }
}
