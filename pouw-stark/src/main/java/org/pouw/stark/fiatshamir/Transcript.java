package org.pouw.stark.fiatshamir;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;

/**
 * The Fiat–Shamir transcript: a 32-byte BLAKE3 chaining state that absorbs every prover message and from which
 * every verifier challenge is squeezed. Prover and verifier drive identical transcripts; a challenge therefore
 * depends on everything absorbed before it, which is why the protocol absorbs the proof options, the trace shape and
 * the public inputs first (a "weak Fiat–Shamir" transcript that omits them is forgeable; Dao, Miller, Wright,
 * Grubbs, "Weak Fiat-Shamir Attacks on Modern Proof Systems", IEEE S&amp;P 2023).
 *
 * <ul>
 *   <li>absorb(m): state ← BLAKE3(0x00 ‖ state ‖ u64le(|m|) ‖ m), and the squeeze counter restarts;</li>
 *   <li>squeeze: block_i = BLAKE3(0x01 ‖ state ‖ u64le(i)) for i = 1, 2, …, read as four u64le words;</li>
 *   <li>a field element is the next word below p (a word ≥ p, probability 2^−32, is skipped), so it is uniform.</li>
 * </ul>
 */
public final class Transcript {
    private static final byte ABSORB = 0x00;
    private static final byte SQUEEZE = 0x01;

    private byte[] state;
    private long squeezeCounter;
    private final long[] words = new long[4];
    private int wordsLeft;

    /** A transcript bound to a protocol name, so transcripts of different protocols never coincide. */
    public Transcript(String protocol) {
        state = Blake3.hash("pouw-stark-transcript".getBytes(StandardCharsets.US_ASCII),
                protocol.getBytes(StandardCharsets.UTF_8));
    }

    public void absorb(byte[] message) {
        state = Blake3.hash(new byte[] {ABSORB}, state, le64(message.length), message);
        squeezeCounter = 0;
        wordsLeft = 0;
    }

    public void absorbLongs(long[] values) {
        byte[] bytes = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            putLe64(bytes, 8 * i, values[i]);
        }
        absorb(bytes);
    }

    /** Absorbs extension elements as their coefficients, lowest first, each as u64le. */
    public void absorbExt(Ext[] values) {
        int degree = values.length == 0 ? 0 : values[0].field().degree();
        long[] flat = new long[degree * values.length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < degree; k++) {
                flat[degree * i + k] = values[i].coefficient(k);
            }
        }
        absorbLongs(flat);
    }

    /** A copy of the current 32-byte state (what proof-of-work grinding is bound to). */
    public byte[] state() {
        return state.clone();
    }

    /** The next 64 uniformly random bits. */
    public long drawWord() {
        if (wordsLeft == 0) {
            squeezeCounter++;
            byte[] block = Blake3.hash(new byte[] {SQUEEZE}, state, le64(squeezeCounter));
            for (int i = 0; i < 4; i++) {
                words[i] = readLe64(block, 8 * i);
            }
            wordsLeft = 4;
        }
        return words[4 - wordsLeft--];
    }

    /** A uniform base-field element. */
    public long drawBase() {
        while (true) {
            long word = drawWord();
            if (Goldilocks.isCanonical(word)) {
                return word;
            }
        }
    }

    /** A uniform element of the extension: its coefficients drawn in order, lowest first. */
    public Ext drawExt(ExtensionField field) {
        long[] coefficients = new long[field.degree()];
        for (int k = 0; k < coefficients.length; k++) {
            coefficients[k] = drawBase();
        }
        return field.element(coefficients);
    }

    public Ext[] drawExt(ExtensionField field, int count) {
        Ext[] out = new Ext[count];
        for (int i = 0; i < count; i++) {
            out[i] = drawExt(field);
        }
        return out;
    }

    /** {@code count} uniform indices in [0, domainSize), domainSize a power of two (so masking is unbiased). */
    public int[] drawIndices(int count, int domainSize) {
        if (domainSize <= 0 || (domainSize & (domainSize - 1)) != 0) {
            throw new IllegalArgumentException("domain size must be a power of two, got " + domainSize);
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) (drawWord() & (domainSize - 1));
        }
        return out;
    }

    static byte[] le64(long value) {
        byte[] out = new byte[8];
        putLe64(out, 0, value);
        return out;
    }

    static void putLe64(byte[] out, int offset, long value) {
        for (int k = 0; k < 8; k++) {
            out[offset + k] = (byte) (value >>> (8 * k));
        }
    }

    static long readLe64(byte[] in, int offset) {
        long value = 0;
        for (int k = 7; k >= 0; k--) {
            value = (value << 8) | (in[offset + k] & 0xFF);
        }
        return value;
    }
}
