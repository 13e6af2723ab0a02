package org.pouw.ml.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link CanonicalWriter} wrote, strictly: every read names its field, a short input, an out-of-range
 * value or a non-canonical form (a NaN other than the canonical one, a boolean other than 0/1, bytes left over)
 * throws {@link EncodingException}. Lengths are checked against the bytes actually present before anything is
 * allocated, so hostile input cannot make the reader allocate more than its own size.
 */
public final class CanonicalReader {
    private final byte[] data;
    private int position;

    public CanonicalReader(byte[] data) {
        this.data = data;
    }

    public int remaining() {
        return data.length - position;
    }

    public int u8(String field) {
        need(1, field);
        return data[position++] & 0xFF;
    }

    public boolean bool(String field) {
        int value = u8(field);
        if (value > 1) {
            throw new EncodingException(field + ": boolean must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    public int i32(String field) {
        need(4, field);
        int value = ((data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
                | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    public long i64(String field) {
        long high = i32(field) & 0xFFFFFFFFL;
        long low = i32(field) & 0xFFFFFFFFL;
        return (high << 32) | low;
    }

    /** An i32 that must lie in [min, max]. */
    public int i32InRange(String field, int min, int max) {
        int value = i32(field);
        if (value < min || value > max) {
            throw new EncodingException(field + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** An i64 that must lie in [min, max]. */
    public long i64InRange(String field, long min, long max) {
        long value = i64(field);
        if (value < min || value > max) {
            throw new EncodingException(field + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    public float f32(String field) {
        int bits = i32(field);
        float value = Float.intBitsToFloat(bits);
        if (Float.isNaN(value) && bits != Float.floatToIntBits(Float.NaN)) {
            throw new EncodingException(field + ": non-canonical NaN 0x" + Integer.toHexString(bits));
        }
        return value;
    }

    public double f64(String field) {
        long bits = i64(field);
        double value = Double.longBitsToDouble(bits);
        if (Double.isNaN(value) && bits != Double.doubleToLongBits(Double.NaN)) {
            throw new EncodingException(field + ": non-canonical NaN 0x" + Long.toHexString(bits));
        }
        return value;
    }

    public Bytes32 bytes32(String field) {
        return Bytes32.of(raw(Bytes32.LENGTH, field));
    }

    /** A u32-length-prefixed byte string of at most {@code maxLength} bytes. */
    public byte[] bytes(String field, int maxLength) {
        int length = i32(field + " length");
        if (length < 0 || length > maxLength) {
            throw new EncodingException(field + ": length must be in [0, " + maxLength + "], got " + length);
        }
        return raw(length, field);
    }

    /** Strict UTF-8 text; malformed sequences are rejected rather than replaced. */
    public String string(String field, int maxBytes) {
        byte[] bytes = bytes(field, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EncodingException(field + ": not valid UTF-8");
        }
    }

    public byte[] raw(int length, String field) {
        need(length, field);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** A list count that must be in [0, max] and plausible for the bytes left, given each item takes at least {@code minItemBytes}. */
    public int count(String field, int max, int minItemBytes) {
        int count = i32InRange(field + " count", 0, max);
        if ((long) count * Math.max(1, minItemBytes) > remaining()) {
            throw new EncodingException(field + ": " + count + " items cannot fit in " + remaining() + " bytes");
        }
        return count;
    }

    /** Checks a fixed tag (magic and version) at the start of a record. */
    public void expectTag(byte[] tag, String record) {
        byte[] actual = raw(tag.length, record + " tag");
        if (!Arrays.equals(actual, tag)) {
            throw new EncodingException(record + ": wrong tag, not a " + record + " encoding of this version");
        }
    }

    /** Every decoder ends with this, so trailing bytes never pass unnoticed. */
    public void requireEnd(String record) {
        if (remaining() != 0) {
            throw new EncodingException(record + ": " + remaining() + " unexpected trailing bytes");
        }
    }

    private void need(int length, String field) {
        if (length < 0 || length > remaining()) {
            throw new EncodingException(field + ": needs " + length + " bytes, only " + remaining() + " left");
        }
    }
}
