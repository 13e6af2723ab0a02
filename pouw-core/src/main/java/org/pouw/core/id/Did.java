package org.pouw.core.id;

/**
 * A party's {@code did:key} (ARCHITECTURE.md §5): provers, requesters, the node itself. The record checks the shape
 * — {@code did:key:z} and then base58btc digits — which is all the market relies on; that the key decodes to an
 * Ed25519 key is checked where a signature is verified ({@code org.pouw.crypto.DidKey}), at sign-in.
 */
public record Did(String text) {
    private static final String PREFIX = "did:key:z";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    /** Far more than an Ed25519 did:key needs (56 characters); a bound so junk cannot grow rows and messages. */
    private static final int MAX_LENGTH = 200;

    public Did {
        String flaw = flaw(text);
        if (flaw != null) {
            throw new IllegalArgumentException("a did " + flaw);
        }
    }

    public static Did of(String text) {
        return new Did(text);
    }

    /** A did from a caller's input; a malformed one is an invalid request naming {@code field}. */
    public static Did parse(String field, String text) {
        return CallerInput.parse(field, text, Did::new);
    }

    public static boolean isWellFormed(String text) {
        return flaw(text) == null;
    }

    @Override
    public String toString() {
        return text;
    }

    private static String flaw(String text) {
        if (text == null) {
            return "is missing";
        }
        if (!text.startsWith(PREFIX)) {
            return "must start with '" + PREFIX + "', got '" + HexText.shortened(text) + "'";
        }
        if (text.length() == PREFIX.length()) {
            return "must have base58btc digits after '" + PREFIX + "', got none";
        }
        if (text.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, got " + text.length();
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            if (BASE58.indexOf(text.charAt(i)) < 0) {
                return "must be base58btc after '" + PREFIX + "', got '" + text.charAt(i) + "' at " + i + " in '"
                        + text + "'";
            }
        }
        return null;
    }
}
