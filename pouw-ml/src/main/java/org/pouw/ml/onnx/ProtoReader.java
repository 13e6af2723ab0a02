package org.pouw.ml.onnx;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol-buffers wire format of untrusted bytes, one field at a time, inside a window of a byte array.
 * Every length is checked against the bytes that are left before anything is read or allocated; groups (wire types 3
 * and 4) are refused, as ONNX never writes them. Errors are {@link OnnxImportException}s naming {@code where}.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private final String where;
    private final int limit;
    private int position;
    private int field;
    private int wireType;

    ProtoReader(byte[] bytes, String where) {
        this(bytes, 0, bytes.length, where);
    }

    private ProtoReader(byte[] bytes, int from, int to, String where) {
        this.bytes = bytes;
        this.position = from;
        this.limit = to;
        this.where = where;
    }

    /** Moves to the next field; false at the end of the window. */
    boolean next() {
        if (position >= limit) {
            return false;
        }
        long tag = varint();
        if (tag >>> 3 == 0 || tag >>> 3 > Integer.MAX_VALUE) {
            throw fail("field number " + (tag >>> 3) + " out of range");
        }
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw fail("field " + field + " has wire type " + wireType + " (groups and unknown types are not ONNX)");
        }
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    /** The current field as an integer (wire type 0). */
    long int64() {
        expect(VARINT);
        return varint();
    }

    /** The current field as a float (wire type 5). */
    float float32() {
        expect(FIXED32);
        return Float.intBitsToFloat(fixed32());
    }

    String string() {
        return new String(bytesField(), StandardCharsets.UTF_8);
    }

    /** The current length-delimited field's bytes (copied; the length was checked against what is left). */
    byte[] bytesField() {
        int length = length();
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    /** A reader over the current length-delimited field (a nested message or a packed list), without copying. */
    ProtoReader message(String inner) {
        int length = length();
        ProtoReader reader = new ProtoReader(bytes, position, position + length, inner);
        position += length;
        return reader;
    }

    /** Skips the current field. */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            default -> advance(length());
        }
    }

    boolean atEnd() {
        return position >= limit;
    }

    /** A varint in a packed list read through {@link #message}. */
    long packedVarint() {
        return varint();
    }

    /** A float in a packed list read through {@link #message}. */
    float packedFloat() {
        return Float.intBitsToFloat(fixed32());
    }

    int remaining() {
        return limit - position;
    }

    OnnxImportException fail(String why) {
        return new OnnxImportException(where + ": " + why);
    }

    private void expect(int type) {
        if (wireType != type) {
            throw fail("field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    private int length() {
        expect(LENGTH_DELIMITED);
        long length = varint();
        if (length < 0 || length > limit - position) {
            throw fail("field " + field + " declares " + length + " bytes, " + (limit - position) + " are left");
        }
        return (int) length;
    }

    private void advance(int count) {
        if (count > limit - position) {
            throw fail("field " + field + " needs " + count + " bytes, " + (limit - position) + " are left");
        }
        position += count;
    }

    private int fixed32() {
        if (4 > limit - position) {
            throw fail("a 4-byte value needs 4 bytes, " + (limit - position) + " are left");
        }
        int value = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8 | (bytes[position + 2] & 0xFF) << 16
                | (bytes[position + 3] & 0xFF) << 24;
        position += 4;
        return value;
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (position >= limit) {
                throw fail("a varint runs past the end");
            }
            int b = bytes[position++] & 0xFF;
            if (shift == 63 && b > 1) {
                throw fail("a varint longer than 64 bits");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw fail("a varint longer than ten bytes");
    }
}
