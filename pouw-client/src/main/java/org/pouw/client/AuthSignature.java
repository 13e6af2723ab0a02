package org.pouw.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.pouw.crypto.Ed25519;

/**
 * The answer to an auth challenge (ARCHITECTURE.md §5): Ed25519 over the UTF-8 bytes of
 * {@code "pouw-auth-v1:" + challenge}, base64url without padding. The prefix keeps a challenge signature from ever
 * doubling as a signature over anything else the key signs.
 */
public final class AuthSignature {
    public static final String DOMAIN = "pouw-auth-v1:";

    private AuthSignature() {
    }

    public static byte[] message(String challenge) {
        return (DOMAIN + challenge).getBytes(StandardCharsets.UTF_8);
    }

    public static String sign(Ed25519.KeyPair key, String challenge) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(message(challenge)));
    }
}
