package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.pouw.crypto.DidKey;
import org.pouw.gate.token.AccessTokenVerifier;
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
        InetAddress peer = peer(req);
        List<String> forwarded = req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of);
        return limiter.addresses().resolve(peer, forwarded);
    }

    /** The socket's peer: the client itself, or a proxy in front of it. */
    static InetAddress peer(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? socket.getAddress() : InetAddress.getLoopbackAddress();
    }

    /**
     * @param keepsServing whether the route is served while the limits' store is lost in the {@code closed} mode
     *                     ({@link org.pouw.node.ratelimit.RouteClasses#servedWhenStoreLost})
     */
    static Admission admit(RequestLimiter limiter, LimitClass limitClass, boolean leaseCall, boolean keepsServing,
                           InetAddress client, ServerRequest req, ApiContext context) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (header.startsWith(BEARER + AccessTokenVerifier.PREFIX) && context.accessTokens().isPresent()) {
            AccessTokenCheck check = context.accessTokens().get();
            String wire = header.substring(BEARER.length()).strip();
            Optional<TokenHolder> known = check.remembered(wire);
            if (known.isPresent()) {
                return limiter.admit(limitClass, keepsServing, client, known.get());
            }
            // A token not seen before is verified only once its request has been admitted by its address, so
            // forged tokens cost no more than requests without one.
            Admission byAddress = limiter.admit(limitClass, leaseCall, keepsServing, client, Optional.empty());
            if (!(byAddress instanceof Admission.Admitted)) {
                return byAddress;
            }
            Optional<TokenHolder> holder = check.verify(wire);
            // A token that does not verify (forged, expired, another node's) names no bucket: address only.
            return holder.isPresent() ? limiter.admit(limitClass, keepsServing, client, holder.get()) : byAddress;
        }
        return limiter.admit(limitClass, leaseCall, keepsServing, client, verifiedDid(req, context.tokens()));
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
