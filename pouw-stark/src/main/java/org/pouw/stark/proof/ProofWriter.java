package org.pouw.stark.proof;

import java.io.ByteArrayOutputStream;
import org.pouw.stark.field.Ext;
import org.pouw.stark.merkle.MerkleBatchProof;

/** Little-endian writer mirroring {@link ProofReader}. */
final class ProofWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);

    void u8(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        out.write(value);
    }

    void u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("u16 out of range: " + value);
        }
        out.write(value);
        out.write(value >>> 8);
    }

    void u32(long value) {
        for (int k = 0; k < 4; k++) {
            out.write((int) (value >>> (8 * k)));
        }
    }

    void u64(long value) {
        for (int k = 0; k < 8; k++) {
            out.write((int) (value >>> (8 * k)));
        }
    }

    void bytes(byte[] bytes) {
        out.writeBytes(bytes);
    }

    /** An extension element as its coefficients, lowest first. */
    void ext(Ext value) {
        for (int k = 0; k < value.field().degree(); k++) {
            u64(value.coefficient(k));
        }
    }

    void exts(Ext[] values) {
        for (Ext value : values) {
            ext(value);
        }
    }

    void merkleProof(MerkleBatchProof proof) {
        u32(proof.nodeCount());
        for (int word : proof.nodeWords()) {
            u32(word & 0xFFFF_FFFFL);
        }
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
