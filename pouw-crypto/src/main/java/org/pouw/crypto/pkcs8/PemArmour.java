package org.pouw.crypto.pkcs8;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The textual encoding of RFC 7468: one {@code -----BEGIN label-----} block of base64 with 64-character lines. Reading
 * is strict (one block, the label it was asked for, clean base64), so a cut or edited file is refused here rather than
 * half-read.
 */
public final class PemArmour {
    public static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final int LINE = 64;

    private PemArmour() {
    }

    public static String armour(String label, byte[] der) {
        String body = Base64.getEncoder().encodeToString(der);
        StringBuilder text = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int at = 0; at < body.length(); at += LINE) {
            text.append(body, at, Math.min(body.length(), at + LINE)).append('\n');
        }
        return text.append("-----END ").append(label).append("-----\n").toString();
    }

    /** The label of the file's one PEM block, or a refusal when there is none. */
    public static String label(byte[] file) {
        String text = new String(file, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith("-----BEGIN ")) {
            throw malformed("it does not start with a '-----BEGIN ...-----' line");
        }
        int end = text.indexOf("-----", "-----BEGIN ".length());
        if (end < 0) {
            throw malformed("its BEGIN line is cut short");
        }
        return text.substring("-----BEGIN ".length(), end);
    }

    /** The DER bytes inside the block labelled {@code label}. */
    public static byte[] unarmour(byte[] file, String label) {
        String text = new String(file, StandardCharsets.US_ASCII).strip();
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        if (!text.startsWith(begin)) {
            throw malformed("expected a '" + begin + "' block");
        }
        if (!text.endsWith(end)) {
            throw malformed("its '" + end + "' line is missing: the file is cut short or has trailing text");
        }
        String body = text.substring(begin.length(), text.length() - end.length()).replaceAll("[\\r\\n\\t ]", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw malformed("its base64 body is damaged (" + e.getMessage() + ")");
        }
    }

    private static KeyFileRefused malformed(String what) {
        return new KeyFileRefused(KeyFileRefused.Reason.MALFORMED, "not a PEM key file: " + what);
    }
}
