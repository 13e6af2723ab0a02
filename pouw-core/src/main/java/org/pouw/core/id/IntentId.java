package org.pouw.core.id;

import java.util.Objects;

/**
 * An intent's id: the 32-byte BLAKE3 of its domain-separated description, as 64 lower-case hex digits. It is a hash
 * underneath, but a type of its own, so an intent id is never taken for a trace hash or the other way round.
 */
public record IntentId(Hash32 hash) {
    public IntentId {
        Objects.requireNonNull(hash, "hash");
    }

    public static IntentId of(String hex) {
        return new IntentId(Hash32.of(HexText.require("an intent id", hex, Hash32.BYTES)));
    }

    public static IntentId of(byte[] bytes) {
        return new IntentId(Hash32.of(Hash32.requireLength("an intent id", bytes)));
    }

    /** An intent id from a caller's input; a malformed one is an invalid request naming {@code field}. */
    public static IntentId parse(String field, String text) {
        return CallerInput.parse(field, text, IntentId::of);
    }

    public static boolean isWellFormed(String text) {
        return Hash32.isWellFormed(text);
    }

    public String hex() {
        return hash.hex();
    }

    public byte[] bytes() {
        return hash.bytes();
    }

    @Override
    public String toString() {
        return hash.hex();
    }
}
