package org.pouw.core.id;

/**
 * The one check behind every hex id and hash: exactly {@code bytes * 2} lower-case hex digits, the form
 * {@code org.pouw.crypto.Hex} writes and the stores and the API carry. Upper case is refused rather than folded, so
 * an id has one spelling and two equal ids are equal strings.
 */
final class HexText {
    private HexText() {
    }

    /** {@code text} if well formed; otherwise an {@link IllegalArgumentException} naming {@code what} and the flaw. */
    static String require(String what, String text, int bytes) {
        String flaw = flaw(text, bytes);
        if (flaw != null) {
            throw new IllegalArgumentException(what + " " + flaw);
        }
        return text;
    }

    static boolean isWellFormed(String text, int bytes) {
        return flaw(text, bytes) == null;
    }

    /** What is wrong with {@code text} as the hex of {@code bytes} bytes, or null when nothing is. */
    private static String flaw(String text, int bytes) {
        if (text == null) {
            return "is missing";
        }
        if (text.length() != bytes * 2) {
            return "must be " + bytes * 2 + " hex digits (" + bytes + " bytes), got " + text.length() + ": '"
                    + shortened(text) + "'";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return "must be lower-case hex digits, got '" + shortened(String.valueOf(c)) + "' at " + i + " in '"
                        + text + "'";
            }
        }
        return null;
    }

    /** Untrusted text goes into messages, so a long one is cut. */
    static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
