package org.pouw.ml.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a canonical byte encoding: big-endian fixed-width integers, IEEE-754 bits with NaN canonicalised,
 * length-prefixed byte strings. One value has exactly one encoding, so hashes of encodings are identities.
 */
public final class CanonicalWriter {
    private byte[] buffer;
    private int size;

    public CanonicalWriter() {
        this(64);
    }

    public CanonicalWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public CanonicalWriter u8(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public CanonicalWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public CanonicalWriter i32(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    public CanonicalWriter i64(long value) {
        i32((int) (value >>> 32));
        return i32((int) value);
    }

    /** Writes the float's bits; every NaN is written as the canonical quiet NaN 0x7fc00000. */
    public CanonicalWriter f32(float value) {
        return i32(Float.floatToIntBits(value));
    }

    /** Writes the double's bits; every NaN is written as the canonical quiet NaN. */
    public CanonicalWriter f64(double value) {
        return i64(Double.doubleToLongBits(value));
    }

    public CanonicalWriter bytes32(Bytes32 value) {
        return raw(value.toArray());
    }

    /** A u32 length followed by the bytes. */
    public CanonicalWriter bytes(byte[] value) {
        i32(value.length);
        return raw(value);
    }

    /** UTF-8 text, length-prefixed like {@link #bytes}. */
    public CanonicalWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public CanonicalWriter raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("encoding larger than 2 GiB");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
