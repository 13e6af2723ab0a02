package org.pouw.core.id;

import org.pouw.core.PouwException;
import org.pouw.crypto.Hex;

/** An intent's id: the 32-byte BLAKE3 of its domain-separated description, as 64 lower-case hex digits. */
public record IntentId(String hex) {
    public static final int BYTES = 32;

    public IntentId {
        HexText.require("an intent id", hex, BYTES);
    }

    public static IntentId of(String hex) {
        return new IntentId(hex);
    }

    public static IntentId of(byte[] bytes) {
        return new IntentId(Hex.encode(Hash32.requireLength("an intent id", bytes)));
    }

    /** An intent id from a caller's input; a malformed one is an invalid request naming {@code field}. */
    public static IntentId parse(String field, String text) {
        try {
            return new IntentId(text);
        } catch (IllegalArgumentException e) {
            throw PouwException.invalid(field, e.getMessage());
        }
    }

    public static boolean isWellFormed(String text) {
        return HexText.isWellFormed(text, BYTES);
    }

    public byte[] bytes() {
        return Hex.decode(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
