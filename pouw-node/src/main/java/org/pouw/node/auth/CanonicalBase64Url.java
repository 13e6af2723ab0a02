package org.pouw.node.auth;

import java.util.Base64;
import java.util.Optional;

/**
 * Unpadded base64url that accepts one spelling per byte string (issue 18, defect 5). The JDK's decoder also takes
 * padding and ignores the unused low bits of the last character, so one credential had several accepted texts — a
 * token cache, a replay check or a log keyed by the text would see them as different credentials.
 */
public final class CanonicalBase64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CanonicalBase64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** The bytes, when {@code text} is exactly their unpadded base64url encoding; empty for any other text. */
    public static Optional<byte[]> decode(String text) {
        if (text == null || text.length() % 4 == 1) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean inAlphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_';
            if (!inAlphabet) {
                return Optional.empty();
            }
        }
        byte[] bytes = DECODER.decode(text);
        return ENCODER.encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }
}
