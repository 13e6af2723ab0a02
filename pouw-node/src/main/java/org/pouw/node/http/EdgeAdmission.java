package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.pouw.crypto.DidKey;
import org.pouw.node.auth.Tokens;
import org.pouw.node.ratelimit.Admission;
import org.pouw.node.ratelimit.LimitClass;
import org.pouw.node.ratelimit.RequestLimiter;

/** Reads from a request what the rate limits key on — the client's address and a verified did — and asks them. */
final class EdgeAdmission {
    private static final String BEARER = "Bearer ";

    private EdgeAdmission() {
    }

    static Admission admit(RequestLimiter limiter, LimitClass limitClass, boolean leaseCall, ServerRequest req,
                           Tokens tokens) {
        InetAddress peer = req.remotePeer().address() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? socket.getAddress() : InetAddress.getLoopbackAddress();
        List<String> forwarded = req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of);
        InetAddress client = limiter.addresses().resolve(peer, forwarded);
        return limiter.admit(limitClass, leaseCall, client, verifiedDid(req, tokens));
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
