package org.pouw.core.id;

import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * A 32-byte BLAKE3 hash as 64 lower-case hex digits: a trace hash, a task id, a content address. A type of its own
 * so that a job id or an intent id cannot be handed where a hash is meant.
 */
public record Hash32(String hex) {
    public static final int BYTES = 32;

    public Hash32 {
        HexText.require("a 32-byte hash", hex, BYTES);
    }

    public static Hash32 of(String hex) {
        return new Hash32(hex);
    }

    public static Hash32 of(byte[] bytes) {
        return new Hash32(Hex.encode(requireLength("a 32-byte hash", bytes)));
    }

    /** The BLAKE3 hash of {@code content}. */
    public static Hash32 blake3(byte[] content) {
        return of(Blake3.hash(content));
    }

    /** A hash from a caller's input; a malformed one is an invalid request naming {@code field}. */
    public static Hash32 parse(String field, String text) {
        return CallerInput.parse(field, text, Hash32::new);
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

    static byte[] requireLength(String what, byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException(what + " must be " + BYTES + " bytes, got " + bytes.length);
        }
        return bytes;
    }
}
