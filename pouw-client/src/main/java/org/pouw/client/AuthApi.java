package org.pouw.client;

import org.pouw.crypto.Ed25519;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Challenge → signature → token (ARCHITECTURE.md §5). Callers rarely need this: every authenticated call signs in
 * when it must and signs in again when the token is about to lapse or was refused.
 */
public final class AuthApi {
    private final NodeConnection connection;
    private final Ed25519.KeyPair key;
    private final String did;

    AuthApi(NodeConnection connection, Ed25519.KeyPair key) {
        this.connection = connection;
        this.key = key;
        this.did = key.did().toString();
    }

    /** Asks for a fresh single-use challenge (60 s) for this client's did. */
    public AuthChallenge challenge() {
        JsonNode answer = connection.postPublic("/v1/auth/challenge", NodeConnection.JSON.createObjectNode()
                .put("did", did));
        String challenge = answer.path("challenge").asString("");
        if (challenge.isEmpty()) {
            throw NodeException.badResponse("the node sent an auth challenge without 'challenge'");
        }
        return new AuthChallenge(challenge, answer.path("expires_at_ms").asLong(0));
    }

    /** Signs {@code challenge} with this client's key and trades the signature for a bearer token. */
    public AuthToken token(AuthChallenge challenge) {
        ObjectNode request = NodeConnection.JSON.createObjectNode()
                .put("did", did)
                .put("challenge", challenge.challenge())
                .put("signature", AuthSignature.sign(key, challenge.challenge()));
        JsonNode answer = connection.postPublic("/v1/auth/token", request);
        String token = answer.path("token").asString("");
        if (token.isEmpty()) {
            throw NodeException.badResponse("the node sent an auth answer without 'token'");
        }
        return new AuthToken(token, answer.path("expires_at_ms").asLong(0));
    }

    /** A fresh token: challenge, then token. */
    public AuthToken signIn() {
        return token(challenge());
    }

    /** A single-use challenge and when it lapses (epoch ms, node clock). */
    public record AuthChallenge(String challenge, long expiresAtMs) {
    }
}
