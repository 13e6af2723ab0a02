package org.pouw.stark.proof;

import org.pouw.crypto.Goldilocks;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.merkle.MerkleBatchProof;

/**
 * A bounds-checked little-endian cursor over untrusted bytes. Every read checks the bytes are there first, and every
 * count is checked against a hard maximum and against the bytes left before anything is allocated, so no input can
 * make the decoder allocate more than a small multiple of its own length.
 */
final class ProofReader {
    private final byte[] bytes;
    private int position;

    ProofReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int remaining() {
        return bytes.length - position;
    }

    void require(int length, String what) throws ProofFormatException {
        if (length < 0 || length > remaining()) {
            throw new ProofFormatException("truncated: " + what + " needs " + length + " bytes, " + remaining() + " left");
        }
    }

    int u8(String what) throws ProofFormatException {
        require(1, what);
        return bytes[position++] & 0xFF;
    }

    int u16(String what) throws ProofFormatException {
        require(2, what);
        int value = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
        position += 2;
        return value;
    }

    long u32(String what) throws ProofFormatException {
        require(4, what);
        long value = 0;
        for (int k = 3; k >= 0; k--) {
            value = (value << 8) | (bytes[position + k] & 0xFF);
        }
        position += 4;
        return value;
    }

    long u64(String what) throws ProofFormatException {
        require(8, what);
        long value = 0;
        for (int k = 7; k >= 0; k--) {
            value = (value << 8) | (bytes[position + k] & 0xFF);
        }
        position += 8;
        return value;
    }

    /** An integer read with {@link #u8}/{@link #u16} that must lie in [min, max]. */
    static int inRange(int value, int min, int max, String what) throws ProofFormatException {
        if (value < min || value > max) {
            throw new ProofFormatException(what + " " + value + " outside [" + min + ", " + max + "]");
        }
        return value;
    }

    byte[] bytes(int length, String what) throws ProofFormatException {
        require(length, what);
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    byte[] digest(String what) throws ProofFormatException {
        return bytes(32, what);
    }

    /** A field element; non-canonical encodings are rejected so every value has exactly one encoding. */
    long element(String what) throws ProofFormatException {
        long value = u64(what);
        if (!Goldilocks.isCanonical(value)) {
            throw new ProofFormatException(what + ": non-canonical field element");
        }
        return value;
    }

    /** An extension element: degree canonical coefficients, lowest first. */
    Ext ext(ExtensionField field, String what) throws ProofFormatException {
        long[] coefficients = new long[field.degree()];
        for (int k = 0; k < coefficients.length; k++) {
            coefficients[k] = element(what);
        }
        return field.element(coefficients);
    }

    Ext[] exts(ExtensionField field, int count, String what) throws ProofFormatException {
        require(Math.multiplyExact(count, 8 * field.degree()), what);
        Ext[] out = new Ext[count];
        for (int i = 0; i < count; i++) {
            out[i] = ext(field, what);
        }
        return out;
    }

    long[][] baseRows(int rows, int width, String what) throws ProofFormatException {
        require(Math.multiplyExact(Math.multiplyExact(rows, width), 8), what);
        long[][] out = new long[rows][width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                out[r][c] = element(what);
            }
        }
        return out;
    }

    Ext[][] extRows(ExtensionField field, int rows, int width, String what) throws ProofFormatException {
        require(Math.multiplyExact(Math.multiplyExact(rows, width), 8 * field.degree()), what);
        Ext[][] out = new Ext[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = exts(field, width, what);
        }
        return out;
    }

    /** A Merkle batch proof: u32 node count (at most maxNodes) then 32 bytes per node. */
    MerkleBatchProof merkleProof(int maxNodes, String what) throws ProofFormatException {
        long count = u32(what + " node count");
        if (count > maxNodes) {
            throw new ProofFormatException(what + ": " + count + " nodes exceed the bound " + maxNodes);
        }
        int nodes = (int) count;
        require(nodes * 32, what);
        int[] words = new int[nodes * 8];
        for (int i = 0; i < words.length; i++) {
            words[i] = (int) u32(what);
        }
        return new MerkleBatchProof(words);
    }

    void requireEnd() throws ProofFormatException {
        if (remaining() != 0) {
            throw new ProofFormatException(remaining() + " trailing bytes after the proof");
        }
    }
}
