package org.pouw.stark.proof;

/**
 * The parameters a proof is made with; all of them are written into the proof and absorbed into the transcript.
 *
 * @param blowup            LDE blowup factor b (power of two, 2..64): the code rate is 1/b
 * @param queries           number of query positions drawn (1..255)
 * @param grindingBits      proof-of-work bits required before the queries are drawn (0..32)
 * @param foldingFactor     FRI folding factor (2, 4, 8 or 16)
 * @param remainderMaxLength FRI stops folding once the polynomial has at most this many coefficients and sends them
 *                          (power of two, at least the folding factor, at most 256)
 * @param extensionDegree   degree of the extension field every challenge is drawn from: 2 (F_p², up to about
 *                          126 − log2 N conjectured bits) or 3 (F_p³, needed for 128 bits)
 */
public record ProofOptions(int blowup, int queries, int grindingBits, int foldingFactor, int remainderMaxLength,
        int extensionDegree) {
    public static final int MAX_BLOWUP = 64;
    public static final int MAX_QUERIES = 255;
    public static final int MAX_GRINDING_BITS = 32;
    public static final int MAX_REMAINDER_LENGTH = 256;

    /** Checks every field once and names the one that is wrong (the verifier reports it as bad options). */
    public ProofOptions {
        if (blowup < 2 || blowup > MAX_BLOWUP || Integer.bitCount(blowup) != 1) {
            throw new IllegalArgumentException("blowup must be a power of two in [2, " + MAX_BLOWUP + "], got " + blowup);
        }
        if (queries < 1 || queries > MAX_QUERIES) {
            throw new IllegalArgumentException("queries must be in [1, " + MAX_QUERIES + "], got " + queries);
        }
        if (grindingBits < 0 || grindingBits > MAX_GRINDING_BITS) {
            throw new IllegalArgumentException("grinding_bits must be in [0, " + MAX_GRINDING_BITS + "], got "
                    + grindingBits);
        }
        if (foldingFactor != 2 && foldingFactor != 4 && foldingFactor != 8 && foldingFactor != 16) {
            throw new IllegalArgumentException("folding_factor must be 2, 4, 8 or 16, got " + foldingFactor);
        }
        if (remainderMaxLength < foldingFactor || remainderMaxLength > MAX_REMAINDER_LENGTH
                || Integer.bitCount(remainderMaxLength) != 1) {
            throw new IllegalArgumentException("remainder_max_length must be a power of two in [folding_factor, "
                    + MAX_REMAINDER_LENGTH + "], got " + remainderMaxLength);
        }
        if (extensionDegree != 2 && extensionDegree != 3) {
            throw new IllegalArgumentException("extension_degree must be 2 or 3, got " + extensionDegree);
        }
    }

    /** Options over the quadratic extension, the format's original (and 96-bit) choice. */
    public ProofOptions(int blowup, int queries, int grindingBits, int foldingFactor, int remainderMaxLength) {
        this(blowup, queries, grindingBits, foldingFactor, remainderMaxLength, 2);
    }

    public int blowupLog2() {
        return Integer.numberOfTrailingZeros(blowup);
    }

    /**
     * The canonical 5-byte encoding absorbed into the transcript and written into the proof header. The extension
     * degree has its own header byte (and its own place in the transcript header, see {@code ProtocolTranscript}).
     */
    public byte[] encode() {
        return new byte[] {(byte) blowupLog2(), (byte) queries, (byte) grindingBits,
                (byte) Integer.numberOfTrailingZeros(foldingFactor),
                (byte) Integer.numberOfTrailingZeros(remainderMaxLength)};
    }

    public ProofOptions withQueries(int newQueries) {
        return new ProofOptions(blowup, newQueries, grindingBits, foldingFactor, remainderMaxLength, extensionDegree);
    }

    public ProofOptions withGrindingBits(int bits) {
        return new ProofOptions(blowup, queries, bits, foldingFactor, remainderMaxLength, extensionDegree);
    }

    public ProofOptions withFoldingFactor(int factor) {
        return new ProofOptions(blowup, queries, grindingBits, factor, Math.max(remainderMaxLength, factor),
                extensionDegree);
    }

    public ProofOptions withBlowup(int newBlowup) {
        return new ProofOptions(newBlowup, queries, grindingBits, foldingFactor, remainderMaxLength, extensionDegree);
    }

    public ProofOptions withExtensionDegree(int degree) {
        return new ProofOptions(blowup, queries, grindingBits, foldingFactor, remainderMaxLength, degree);
    }
}
