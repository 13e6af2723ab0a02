package org.pouw.gate.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsWriter;

/**
 * The node's dedicated Ed25519 <em>token</em> key (issue 21 §4): neither the challenge key nor the login-token
 * secret, so no challenge, receipt or login token can be turned into an access token or back. It signs
 * {@link AccessToken}s and nothing else — there is no method that signs arbitrary bytes.
 */
public final class TokenKey {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final Ed25519.KeyPair keyPair;
    private final String kid;

    public TokenKey(Ed25519.KeyPair keyPair) {
        this.keyPair = keyPair;
        this.kid = kidOf(keyPair.publicKey());
    }

    /**
     * The key id a verifier looks the public key up by: {@code at-} and the first 8 bytes, in hex, of
     * SHA-256({@code "pouw-at-kid-v1:"} ‖ public key). Derived, so a verifier given public keys knows their ids.
     */
    public static String kidOf(byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("pouw-at-kid-v1:".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha.digest(publicKey);
            return "at-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Fails fast, naming the setting, when the node is configured to sign tokens with its challenge key: the two must
     * be different keys (issue 21 §4), or a pool or integrator holding challenge material could confuse the two.
     * The node's wiring calls this once at start.
     */
    public void requireDistinctFrom(byte[] challengePublicKey) {
        if (MessageDigest.isEqual(keyPair.publicKey(), challengePublicKey)) {
            throw new IllegalArgumentException("tokens.key must be a dedicated key, not the challenge key");
        }
    }

    public String kid() {
        return kid;
    }

    public byte[] publicKey() {
        return keyPair.publicKey();
    }

    /**
     * The wire form: {@code pouw-at-v1.} base64url(JCS bytes of the body) {@code .} base64url(Ed25519 signature over
     * those bytes), unpadded. The body's {@code kid} must be this key's.
     */
    public String sign(AccessToken token) {
        if (!token.kid().equals(kid)) {
            throw new IllegalArgumentException("token kid " + token.kid() + " is not this key's " + kid);
        }
        byte[] body = JcsWriter.canonicalBytes(token.toJcs());
        return AccessTokenVerifier.PREFIX + B64.encodeToString(body) + "." + B64.encodeToString(keyPair.sign(body));
    }

    @Override
    public String toString() {
        return "TokenKey[" + kid + ", private key redacted]";
    }
}
