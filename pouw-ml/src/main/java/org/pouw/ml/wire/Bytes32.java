package org.pouw.ml.wire;

import java.security.MessageDigest;
import java.util.Arrays;
import org.pouw.crypto.Hex;

/** An immutable 32-byte value — a hash, a Merkle root, a nonce — with value equality and a hex text form. */
public final class Bytes32 {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes32 of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("expected 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        return new Bytes32(bytes.clone());
    }

    public static Bytes32 fromHex(String hex) {
        if (!Hex.isHex(hex, LENGTH)) {
            throw new IllegalArgumentException("expected 64 hex digits, got '" + hex + "'");
        }
        return new Bytes32(Hex.decode(hex));
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    /** Compares in constant time, since some of these values are secrets until opened. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes32 that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
