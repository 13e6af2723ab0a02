package org.pouw.node.auth;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The other spellings a lenient base64url decoder takes for the same bytes: the last character with its unused low
 * bits set (2 unused bits when the length is 2 mod 3, 4 when it is 1 mod 3), and the padded form.
 */
public final class Base64UrlSpellings {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private Base64UrlSpellings() {
    }

    public static String canonical(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Every spelling of {@code bytes} a lenient decoder accepts, other than the canonical one. */
    public static List<String> alternatives(byte[] bytes) {
        String canonical = canonical(bytes);
        List<String> out = new ArrayList<>();
        int rest = bytes.length % 3;
        if (rest != 0) {
            int unusedBits = rest == 1 ? 4 : 2;
            char last = canonical.charAt(canonical.length() - 1);
            int value = ALPHABET.indexOf(last);
            for (int low = 1; low < (1 << unusedBits); low++) {
                out.add(canonical.substring(0, canonical.length() - 1) + ALPHABET.charAt(value | low));
            }
            out.add(canonical + "=".repeat(3 - rest));
        }
        return out;
    }
}
