package org.pouw.gate.integrator;

import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.token.AccessClass;
import org.pouw.gate.token.AccessToken;
import org.pouw.gate.token.AccessTokenVerifier;

/**
 * For integrators (issue 21 §6): gate one's own API with PoUW access tokens, offline — no call to the node, only its
 * published token public key. Give it the {@code Authorization} header of a request; it answers whether to let the
 * request through, and if not, whether the caller should authenticate (HTTP 401) or is known but not allowed
 * (403). Depends on nothing but this module and BouncyCastle (through pouw-crypto, at the version the build pins).
 * docs/gate.md §11 shows it gating one handler.
 */
public final class BearerTokenGate {
    private static final String SCHEME = "Bearer ";

    private final AccessTokenVerifier verifier;
    private final AccessClass minimum;

    /** @param minimum the lowest class this API serves; {@link AccessClass#LOW} lets anonymous tokens in */
    public BearerTokenGate(AccessTokenVerifier verifier, AccessClass minimum) {
        this.verifier = verifier;
        this.minimum = minimum;
    }

    public GateDecision admit(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return new GateDecision.Unauthenticated(RejectionReason.MALFORMED.code(),
                    "expected Authorization: Bearer pouw-at-v1.…");
        }
        GateVerdict<AccessToken> verdict = verifier.verify(authorizationHeader.substring(SCHEME.length()).strip());
        if (verdict instanceof GateVerdict.Rejected<AccessToken> refused) {
            return new GateDecision.Unauthenticated(refused.reason().code(), refused.detail());
        }
        AccessToken token = ((GateVerdict.Accepted<AccessToken>) verdict).value();
        if (!token.accessClass().atLeast(minimum)) {
            return new GateDecision.Forbidden("insufficient_class", "this API needs class " + minimum.wire()
                    + " or above; the token is " + token.accessClass().wire());
        }
        return new GateDecision.Allowed(token);
    }
}
