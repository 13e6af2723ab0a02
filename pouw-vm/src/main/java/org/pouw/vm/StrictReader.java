package org.pouw.vm;

/**
 * Reads big-endian fields from a byte array and turns every overrun into a {@link MalformedEncodingException}, so
 * decoders cannot leak an {@link ArrayIndexOutOfBoundsException} on hostile input.
 */
final class StrictReader {
    private final byte[] bytes;
    private final String what;
    private int position;

    StrictReader(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    int u8() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    /** An unsigned 32-bit field, returned as a non-negative {@code long}. */
    long u32() {
        require(4);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long u64() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    byte[] bytes(int length) {
        require(length);
        byte[] slice = java.util.Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return slice;
    }

    /** Fails unless the next bytes are exactly {@code expected}. */
    void expect(byte[] expected, String field) {
        require(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (bytes[position + i] != expected[i]) {
                throw fail("bad " + field);
            }
        }
        position += expected.length;
    }

    void expectEnd() {
        if (remaining() != 0) {
            throw fail(remaining() + " trailing byte(s)");
        }
    }

    MalformedEncodingException fail(String problem) {
        return new MalformedEncodingException(what + ": " + problem + " (at byte " + position + ")");
    }

    private void require(int length) {
        if (length < 0 || remaining() < length) {
            throw fail("truncated: needs " + length + " more byte(s), has " + remaining());
        }
    }
}
