package org.pouw.node.http;

import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.node.auth.Tokens;

/**
 * What every endpoint may need from the node besides its own service.
 *
 * @param accessTokens checks this node's {@code pouw-at-v1} access tokens, so the rate limits can key on them; empty
 *                     when the gate is off (no token can then be this node's)
 */
public record ApiContext(Tokens tokens, String adminDid, int maxBodyBytes, int maxUploadBytes,
                         Optional<AccessTokenCheck> accessTokens) {
    public ApiContext(Tokens tokens, String adminDid, int maxBodyBytes, int maxUploadBytes,
                      Optional<AccessTokenVerifier> accessTokens, Clock clock) {
        this(tokens, adminDid, maxBodyBytes, maxUploadBytes,
                accessTokens.map(verifier -> new AccessTokenCheck(verifier, clock)));
    }
}
