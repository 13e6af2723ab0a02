package org.pouw.node.http;

import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.node.auth.Tokens;

/**
 * What every endpoint may need from the node besides its own service.
 *
 * @param uploadReserve the free space a raw upload must leave on the data directory's file system
 * @param accessTokens checks this node's {@code pouw-at-v1} access tokens, so the rate limits can key on them; empty
 *                     when the gate is off (no token can then be this node's)
 */
public record ApiContext(Tokens tokens, String adminDid, int maxBodyBytes, int maxUploadBytes,
                         UploadSpaceReserve uploadReserve, Optional<AccessTokenCheck> accessTokens) {
    public ApiContext(Tokens tokens, String adminDid, int maxBodyBytes, int maxUploadBytes,
                      UploadSpaceReserve uploadReserve, Optional<AccessTokenVerifier> accessTokens, Clock clock) {
        this(tokens, adminDid, maxBodyBytes, maxUploadBytes, uploadReserve,
                accessTokens.map(verifier -> new AccessTokenCheck(verifier, clock)));
    }
}
