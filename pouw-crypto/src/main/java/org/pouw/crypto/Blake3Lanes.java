package org.pouw.crypto;

/**
 * The BLAKE3 compression function ({@link Blake3Compression}, spec §2.2) run on {@value #LANES} independent inputs
 * at once, one per lane: word {@code w} of lane {@code l} lives at {@code [w * LANES + l]}. This is the batch entry
 * point of the one core, used by {@link Blake3Tree} for the chunks and parents of long inputs; tests check every
 * lane against the scalar function.
 *
 * <p>Why this shape: each round is one loop over the lanes whose body is the scalar round with constant offsets, a
 * shape C2's superword pass turns into SIMD code (it stops vectorising when a loop body holds two rounds, hence one
 * method per round with the message schedule baked in). One instance per thread; its arrays are reused, nothing is
 * allocated per compression.
 */
final class Blake3Lanes {
    static final int LANES = 64;
    private static final int[] IV = Blake3Compression.IV;

    /** Input words, lane-major: {@code message[w * LANES + l]}. */
    final int[] message = new int[16 * LANES];
    /** Chaining values, lane-major: {@code chaining[w * LANES + l]} for w in [0, 8). */
    final int[] chaining = new int[8 * LANES];
    private final int[] state = new int[16 * LANES];

    /** Sets every lane's chaining value to the IV (the start of a chunk, or a parent node). */
    void resetChaining() {
        for (int w = 0; w < 8; w++) {
            java.util.Arrays.fill(chaining, w * LANES, (w + 1) * LANES, IV[w]);
        }
    }

    /**
     * Compresses {@link #message} into {@link #chaining} in every lane. Lane {@code l} uses the counter
     * {@code counterBase + l} when {@code counterPerLane}, else {@code counterBase}.
     */
    void compress(long counterBase, boolean counterPerLane, int blockLength, int flags) {
        int[] v = state;
        System.arraycopy(chaining, 0, v, 0, 8 * LANES);
        for (int w = 0; w < 4; w++) {
            java.util.Arrays.fill(v, (8 + w) * LANES, (9 + w) * LANES, IV[w]);
        }
        for (int l = 0; l < LANES; l++) {
            long counter = counterPerLane ? counterBase + l : counterBase;
            v[12 * LANES + l] = (int) counter;
            v[13 * LANES + l] = (int) (counter >>> 32);
        }
        java.util.Arrays.fill(v, 14 * LANES, 15 * LANES, blockLength);
        java.util.Arrays.fill(v, 15 * LANES, 16 * LANES, flags);
        int[] m = message;
        round0(v, m);
        round1(v, m);
        round2(v, m);
        round3(v, m);
        round4(v, m);
        round5(v, m);
        round6(v, m);
        int[] cv = chaining;
        for (int i = 0; i < 8 * LANES; i++) {
            cv[i] = v[i] ^ v[i + 8 * LANES];
        }
    }

    private static int rotr(int x, int n) {
        return Integer.rotateRight(x, n);
    }

    /** Round 1: message words in the order [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] (the BLAKE3 permutation applied 0 times). */
    private static void round0(int[] v, int[] m) {
        for (int l = 0; l < LANES; l++) {
            int s0 = v[l + 0 * LANES]; int s1 = v[l + 1 * LANES]; int s2 = v[l + 2 * LANES]; int s3 = v[l + 3 * LANES];
            int s4 = v[l + 4 * LANES]; int s5 = v[l + 5 * LANES]; int s6 = v[l + 6 * LANES]; int s7 = v[l + 7 * LANES];
            int s8 = v[l + 8 * LANES]; int s9 = v[l + 9 * LANES]; int s10 = v[l + 10 * LANES]; int s11 = v[l + 11 * LANES];
            int s12 = v[l + 12 * LANES]; int s13 = v[l + 13 * LANES]; int s14 = v[l + 14 * LANES]; int s15 = v[l + 15 * LANES];
            s0 += s4 + m[l + 0 * LANES]; s12 = rotr(s12 ^ s0, 16); s8 += s12; s4 = rotr(s4 ^ s8, 12);
            s0 += s4 + m[l + 1 * LANES]; s12 = rotr(s12 ^ s0, 8); s8 += s12; s4 = rotr(s4 ^ s8, 7);
            s1 += s5 + m[l + 2 * LANES]; s13 = rotr(s13 ^ s1, 16); s9 += s13; s5 = rotr(s5 ^ s9, 12);
            s1 += s5 + m[l + 3 * LANES]; s13 = rotr(s13 ^ s1, 8); s9 += s13; s5 = rotr(s5 ^ s9, 7);
            s2 += s6 + m[l + 4 * LANES]; s14 = rotr(s14 ^ s2, 16); s10 += s14; s6 = rotr(s6 ^ s10, 12);
            s2 += s6 + m[l + 5 * LANES]; s14 = rotr(s14 ^ s2, 8); s10 += s14; s6 = rotr(s6 ^ s10, 7);
            s3 += s7 + m[l + 6 * LANES]; s15 = rotr(s15 ^ s3, 16); s11 += s15; s7 = rotr(s7 ^ s11, 12);
            s3 += s7 + m[l + 7 * LANES]; s15 = rotr(s15 ^ s3, 8); s11 += s15; s7 = rotr(s7 ^ s11, 7);
            s0 += s5 + m[l + 8 * LANES]; s15 = rotr(s15 ^ s0, 16); s10 += s15; s5 = rotr(s5 ^ s10, 12);
            s0 += s5 + m[l + 9 * LANES]; s15 = rotr(s15 ^ s0, 8); s10 += s15; s5 = rotr(s5 ^ s10, 7);
            s1 += s6 + m[l + 10 * LANES]; s12 = rotr(s12 ^ s1, 16); s11 += s12; s6 = rotr(s6 ^ s11, 12);
            s1 += s6 + m[l + 11 * LANES]; s12 = rotr(s12 ^ s1, 8); s11 += s12; s6 = rotr(s6 ^ s11, 7);
            s2 += s7 + m[l + 12 * LANES]; s13 = rotr(s13 ^ s2, 16); s8 += s13; s7 = rotr(s7 ^ s8, 12);
            s2 += s7 + m[l + 13 * LANES]; s13 = rotr(s13 ^ s2, 8); s8 += s13; s7 = rotr(s7 ^ s8, 7);
            s3 += s4 + m[l + 14 * LANES]; s14 = rotr(s14 ^ s3, 16); s9 += s14; s4 = rotr(s4 ^ s9, 12);
            s3 += s4 + m[l + 15 * LANES]; s14 = rotr(s14 ^ s3, 8); s9 += s14; s4 = rotr(s4 ^ s9, 7);
            v[l + 0 * LANES] = s0; v[l + 1 * LANES] = s1; v[l + 2 * LANES] = s2; v[l + 3 * LANES] = s3;
            v[l + 4 * LANES] = s4; v[l + 5 * LANES] = s5; v[l + 6 * LANES] = s6; v[l + 7 * LANES] = s7;
            v[l + 8 * LANES] = s8; v[l + 9 * LANES] = s9; v[l + 10 * LANES] = s10; v[l + 11 * LANES] = s11;
            v[l + 12 * LANES] = s12; v[l + 13 * LANES] = s13; v[l + 14 * LANES] = s14; v[l + 15 * LANES] = s15;
        }
    }

    /** Round 2: message words in the order [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8] (the BLAKE3 permutation applied 1 times). */
    private static void round1(int[] v, int[] m) {
        for (int l = 0; l < LANES; l++) {
            int s0 = v[l + 0 * LANES]; int s1 = v[l + 1 * LANES]; int s2 = v[l + 2 * LANES]; int s3 = v[l + 3 * LANES];
            int s4 = v[l + 4 * LANES]; int s5 = v[l + 5 * LANES]; int s6 = v[l + 6 * LANES]; int s7 = v[l + 7 * LANES];
            int s8 = v[l + 8 * LANES]; int s9 = v[l + 9 * LANES]; int s10 = v[l + 10 * LANES]; int s11 = v[l + 11 * LANES];
            int s12 = v[l + 12 * LANES]; int s13 = v[l + 13 * LANES]; int s14 = v[l + 14 * LANES]; int s15 = v[l + 15 * LANES];
            s0 += s4 + m[l + 2 * LANES]; s12 = rotr(s12 ^ s0, 16); s8 += s12; s4 = rotr(s4 ^ s8, 12);
            s0 += s4 + m[l + 6 * LANES]; s12 = rotr(s12 ^ s0, 8); s8 += s12; s4 = rotr(s4 ^ s8, 7);
            s1 += s5 + m[l + 3 * LANES]; s13 = rotr(s13 ^ s1, 16); s9 += s13; s5 = rotr(s5 ^ s9, 12);
            s1 += s5 + m[l + 10 * LANES]; s13 = rotr(s13 ^ s1, 8); s9 += s13; s5 = rotr(s5 ^ s9, 7);
            s2 += s6 + m[l + 7 * LANES]; s14 = rotr(s14 ^ s2, 16); s10 += s14; s6 = rotr(s6 ^ s10, 12);
            s2 += s6 + m[l + 0 * LANES]; s14 = rotr(s14 ^ s2, 8); s10 += s14; s6 = rotr(s6 ^ s10, 7);
            s3 += s7 + m[l + 4 * LANES]; s15 = rotr(s15 ^ s3, 16); s11 += s15; s7 = rotr(s7 ^ s11, 12);
            s3 += s7 + m[l + 13 * LANES]; s15 = rotr(s15 ^ s3, 8); s11 += s15; s7 = rotr(s7 ^ s11, 7);
            s0 += s5 + m[l + 1 * LANES]; s15 = rotr(s15 ^ s0, 16); s10 += s15; s5 = rotr(s5 ^ s10, 12);
            s0 += s5 + m[l + 11 * LANES]; s15 = rotr(s15 ^ s0, 8); s10 += s15; s5 = rotr(s5 ^ s10, 7);
            s1 += s6 + m[l + 12 * LANES]; s12 = rotr(s12 ^ s1, 16); s11 += s12; s6 = rotr(s6 ^ s11, 12);
            s1 += s6 + m[l + 5 * LANES]; s12 = rotr(s12 ^ s1, 8); s11 += s12; s6 = rotr(s6 ^ s11, 7);
            s2 += s7 + m[l + 9 * LANES]; s13 = rotr(s13 ^ s2, 16); s8 += s13; s7 = rotr(s7 ^ s8, 12);
            s2 += s7 + m[l + 14 * LANES]; s13 = rotr(s13 ^ s2, 8); s8 += s13; s7 = rotr(s7 ^ s8, 7);
            s3 += s4 + m[l + 15 * LANES]; s14 = rotr(s14 ^ s3, 16); s9 += s14; s4 = rotr(s4 ^ s9, 12);
            s3 += s4 + m[l + 8 * LANES]; s14 = rotr(s14 ^ s3, 8); s9 += s14; s4 = rotr(s4 ^ s9, 7);
            v[l + 0 * LANES] = s0; v[l + 1 * LANES] = s1; v[l + 2 * LANES] = s2; v[l + 3 * LANES] = s3;
            v[l + 4 * LANES] = s4; v[l + 5 * LANES] = s5; v[l + 6 * LANES] = s6; v[l + 7 * LANES] = s7;
            v[l + 8 * LANES] = s8; v[l + 9 * LANES] = s9; v[l + 10 * LANES] = s10; v[l + 11 * LANES] = s11;
            v[l + 12 * LANES] = s12; v[l + 13 * LANES] = s13; v[l + 14 * LANES] = s14; v[l + 15 * LANES] = s15;
        }
    }

    /** Round 3: message words in the order [3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1] (the BLAKE3 permutation applied 2 times). */
    private static void round2(int[] v, int[] m) {
        for (int l = 0; l < LANES; l++) {
            int s0 = v[l + 0 * LANES]; int s1 = v[l + 1 * LANES]; int s2 = v[l + 2 * LANES]; int s3 = v[l + 3 * LANES];
            int s4 = v[l + 4 * LANES]; int s5 = v[l + 5 * LANES]; int s6 = v[l + 6 * LANES]; int s7 = v[l + 7 * LANES];
            int s8 = v[l + 8 * LANES]; int s9 = v[l + 9 * LANES]; int s10 = v[l + 10 * LANES]; int s11 = v[l + 11 * LANES];
            int s12 = v[l + 12 * LANES]; int s13 = v[l + 13 * LANES]; int s14 = v[l + 14 * LANES]; int s15 = v[l + 15 * LANES];
            s0 += s4 + m[l + 3 * LANES]; s12 = rotr(s12 ^ s0, 16); s8 += s12; s4 = rotr(s4 ^ s8, 12);
            s0 += s4 + m[l + 4 * LANES]; s12 = rotr(s12 ^ s0, 8); s8 += s12; s4 = rotr(s4 ^ s8, 7);
            s1 += s5 + m[l + 10 * LANES]; s13 = rotr(s13 ^ s1, 16); s9 += s13; s5 = rotr(s5 ^ s9, 12);
            s1 += s5 + m[l + 12 * LANES]; s13 = rotr(s13 ^ s1, 8); s9 += s13; s5 = rotr(s5 ^ s9, 7);
            s2 += s6 + m[l + 13 * LANES]; s14 = rotr(s14 ^ s2, 16); s10 += s14; s6 = rotr(s6 ^ s10, 12);
            s2 += s6 + m[l + 2 * LANES]; s14 = rotr(s14 ^ s2, 8); s10 += s14; s6 = rotr(s6 ^ s10, 7);
            s3 += s7 + m[l + 7 * LANES]; s15 = rotr(s15 ^ s3, 16); s11 += s15; s7 = rotr(s7 ^ s11, 12);
            s3 += s7 + m[l + 14 * LANES]; s15 = rotr(s15 ^ s3, 8); s11 += s15; s7 = rotr(s7 ^ s11, 7);
            s0 += s5 + m[l + 6 * LANES]; s15 = rotr(s15 ^ s0, 16); s10 += s15; s5 = rotr(s5 ^ s10, 12);
            s0 += s5 + m[l + 5 * LANES]; s15 = rotr(s15 ^ s0, 8); s10 += s15; s5 = rotr(s5 ^ s10, 7);
            s1 += s6 + m[l + 9 * LANES]; s12 = rotr(s12 ^ s1, 16); s11 += s12; s6 = rotr(s6 ^ s11, 12);
            s1 += s6 + m[l + 0 * LANES]; s12 = rotr(s12 ^ s1, 8); s11 += s12; s6 = rotr(s6 ^ s11, 7);
            s2 += s7 + m[l + 11 * LANES]; s13 = rotr(s13 ^ s2, 16); s8 += s13; s7 = rotr(s7 ^ s8, 12);
            s2 += s7 + m[l + 15 * LANES]; s13 = rotr(s13 ^ s2, 8); s8 += s13; s7 = rotr(s7 ^ s8, 7);
            s3 += s4 + m[l + 8 * LANES]; s14 = rotr(s14 ^ s3, 16); s9 += s14; s4 = rotr(s4 ^ s9, 12);
            s3 += s4 + m[l + 1 * LANES]; s14 = rotr(s14 ^ s3, 8); s9 += s14; s4 = rotr(s4 ^ s9, 7);
            v[l + 0 * LANES] = s0; v[l + 1 * LANES] = s1; v[l + 2 * LANES] = s2; v[l + 3 * LANES] = s3;
            v[l + 4 * LANES] = s4; v[l + 5 * LANES] = s5; v[l + 6 * LANES] = s6; v[l + 7 * LANES] = s7;
            v[l + 8 * LANES] = s8; v[l + 9 * LANES] = s9; v[l + 10 * LANES] = s10; v[l + 11 * LANES] = s11;
            v[l + 12 * LANES] = s12; v[l + 13 * LANES] = s13; v[l + 14 * LANES] = s14; v[l + 15 * LANES] = s15;
        }
    }

    /** Round 4: message words in the order [10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6] (the BLAKE3 permutation applied 3 times). */
    private static void round3(int[] v, int[] m) {
        for (int l = 0; l < LANES; l++) {
            int s0 = v[l + 0 * LANES]; int s1 = v[l + 1 * LANES]; int s2 = v[l + 2 * LANES]; int s3 = v[l + 3 * LANES];
            int s4 = v[l + 4 * LANES]; int s5 = v[l + 5 * LANES]; int s6 = v[l + 6 * LANES]; int s7 = v[l + 7 * LANES];
            int s8 = v[l + 8 * LANES]; int s9 = v[l + 9 * LANES]; int s10 = v[l + 10 * LANES]; int s11 = v[l + 11 * LANES];
            int s12 = v[l + 12 * LANES]; int s13 = v[l + 13 * LANES]; int s14 = v[l + 14 * LANES]; int s15 = v[l + 15 * LANES];
            s0 += s4 + m[l + 10 * LANES]; s12 = rotr(s12 ^ s0, 16); s8 += s12; s4 = rotr(s4 ^ s8, 12);
            s0 += s4 + m[l + 7 * LANES]; s12 = rotr(s12 ^ s0, 8); s8 += s12; s4 = rotr(s4 ^ s8, 7);
            s1 += s5 + m[l + 12 * LANES]; s13 = rotr(s13 ^ s1, 16); s9 += s13; s5 = rotr(s5 ^ s9, 12);
            s1 += s5 + m[l + 9 * LANES]; s13 = rotr(s13 ^ s1, 8); s9 += s13; s5 = rotr(s5 ^ s9, 7);
            s2 += s6 + m[l + 14 * LANES]; s14 = rotr(s14 ^ s2, 16); s10 += s14; s6 = rotr(s6 ^ s10, 12);
            s2 += s6 + m[l + 3 * LANES]; s14 = rotr(s14 ^ s2, 8); s10 += s14; s6 = rotr(s6 ^ s10, 7);
            s3 += s7 + m[l + 13 * LANES]; s15 = rotr(s15 ^ s3, 16); s11 += s15; s7 = rotr(s7 ^ s11, 12);
            s3 += s7 + m[l + 15 * LANES]; s15 = rotr(s15 ^ s3, 8); s11 += s15; s7 = rotr(s7 ^ s11, 7);
            s0 += s5 + m[l + 4 * LANES]; s15 = rotr(s15 ^ s0, 16); s10 += s15; s5 = rotr(s5 ^ s10, 12);
            s0 += s5 + m[l + 0 * LANES]; s15 = rotr(s15 ^ s0, 8); s10 += s15; s5 = rotr(s5 ^ s10, 7);
            s1 += s6 + m[l + 11 * LANES]; s12 = rotr(s12 ^ s1, 16); s11 += s12; s6 = rotr(s6 ^ s11, 12);
            s1 += s6 + m[l + 2 * LANES]; s12 = rotr(s12 ^ s1, 8); s11 += s12; s6 = rotr(s6 ^ s11, 7);
            s2 += s7 + m[l + 5 * LANES]; s13 = rotr(s13 ^ s2, 16); s8 += s13; s7 = rotr(s7 ^ s8, 12);
            s2 += s7 + m[l + 8 * LANES]; s13 = rotr(s13 ^ s2, 8); s8 += s13; s7 = rotr(s7 ^ s8, 7);
            s3 += s4 + m[l + 1 * LANES]; s14 = rotr(s14 ^ s3, 16); s9 += s14; s4 = rotr(s4 ^ s9, 12);
            s3 += s4 + m[l + 6 * LANES]; s14 = rotr(s14 ^ s3, 8); s9 += s14; s4 = rotr(s4 ^ s9, 7);
            v[l + 0 * LANES] = s0; v[l + 1 * LANES] = s1; v[l + 2 * LANES] = s2; v[l + 3 * LANES] = s3;
            v[l + 4 * LANES] = s4; v[l + 5 * LANES] = s5; v[l + 6 * LANES] = s6; v[l + 7 * LANES] = s7;
            v[l + 8 * LANES] = s8; v[l + 9 * LANES] = s9; v[l + 10 * LANES] = s10; v[l + 11 * LANES] = s11;
            v[l + 12 * LANES] = s12; v[l + 13 * LANES] = s13; v[l + 14 * LANES] = s14; v[l + 15 * LANES] = s15;
        }
    }

    /** Round 5: message words in the order [12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4] (the BLAKE3 permutation applied 4 times). */
    private static void round4(int[] v, int[] m) {
        for (int l = 0; l < LANES; l++) {
            int s0 = v[l + 0 * LANES]; int s1 = v[l + 1 * LANES]; int s2 = v[l + 2 * LANES]; int s3 = v[l + 3 * LANES];
            int s4 = v[l + 4 * LANES]; int s5 = v[l + 5 * LANES]; int s6 = v[l + 6 * LANES]; int s7 = v[l + 7 * LANES];
            int s8 = v[l + 8 * LANES]; int s9 = v[l + 9 * LANES]; int s10 = v[l + 10 * LANES]; int s11 = v[l + 11 * LANES];
            int s12 = v[l + 12 * LANES]; int s13 = v[l + 13 * LANES]; int s14 = v[l + 14 * LANES]; int s15 = v[l + 15 * LANES];
            s0 += s4 + m[l + 12 * LANES]; s12 = rotr(s12 ^ s0, 16); s8 += s12; s4 = rotr(s4 ^ s8, 12);
            s0 += s4 + m[l + 13 * LANES]; s12 = rotr(s12 ^ s0, 8); s8 += s12; s4 = rotr(s4 ^ s8, 7);
            s1 += s5 + m[l + 9 * LANES]; s13 = rotr(s13 ^ s1, 16); s9 += s13; s5 = rotr(s5 ^ s9, 12);
            s1 += s5 + m[l + 11 * LANES]; s13 = rotr(s13 ^ s1, 8); s9 += s13; s5 = rotr(s5 ^ s9, 7);
            s2 += s6 + m[l + 15 * LANES]; s14 = rotr(s14 ^ s2, 16); s10 += s14; s6 = rotr(s6 ^ s10, 12);
            s2 += s6 + m[l + 10 * LANES]; s14 = rotr(s14 ^ s2, 8); s10 += s14; s6 = rotr(s6 ^ s10, 7);
            s3 += s7 + m[l + 14 * LANES]; s15 = rotr(s15 ^ s3, 16); s11 += s15; s7 = rotr(s7 ^ s11, 12);
            s3 += s7 + m[l + 8 * LANES]; s15 = rotr(s15 ^ s3, 8); s11 += s15; s7 = rotr(s7 ^ s11, 7);
            s0 += s5 + m[l + 7 * LANES]; s15 = rotr(s15 ^ s0, 16); s10 += s15; s5 = rotr(s5 ^ s10, 12);
            s0 += s5 + m[l + 2 * LANES]; s15 = rotr(s15 ^ s0, 8); s10 += s15; s5 = rotr(s5 ^ s10, 7);
            s1 += s6 + m[l + 5 * LANES]; s12 = rotr(s12 ^ s1, 16); s11 += s12; s6 = rotr(s6 ^ s11, 12);
            s1 += s6 + m[l + 3 * LANES]; s12 = rotr(s12 ^ s1, 8); s11 += s12; s6 = rotr(s6 ^ s11, 7);
            s2 += s7 + m[l + 0 * LANES]; s13 = rotr(s13 ^ s2, 16); s8 += s13; s7 = rotr(s7 ^ s8, 12);
            s2 += s7 + m[l + 1 * LANES]; s13 = rotr(s13 ^ s2, 8); s8 += s13; s7 = rotr(s7 ^ s8, 7);
            s3 += s4 + m[l + 6 * LANES]; s14 = rotr(s14 ^ s3, 16); s9 += s14; s4 = rotr(s4 ^ s9, 12);
            s3 += s4 + m[l + 4 * LANES]; s14 = rotr(s14 ^ s3, 8); s9 += s14; s4 = rotr(s4 ^ s9, 7);
            v[l + 0 * LANES] = s0; v[l + 1 * LANES] = s1; v[l + 2 * LANES] = s2; v[l + 3 * LANES] = s3;
            v[l + 4 * LANES] = s4; v[l + 5 * LANES] = s5; v[l + 6 * LANES] = s6; v[l + 7 * LANES] = s7;
            v[l + 8 * LANES] = s8; v[l + 9 * LANES] = s9; v[l + 10 * LANES] = s10; v[l + 11 * LANES] = s11;
            v[l + 12 * LANES] = s12; v[l + 13 * LANES] = s13; v[l + 14 * LANES] = s14; v[l + 15 * LANES] = s15;
        }
    }

    /** Round 6: message words in the order [9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7] (the BLAKE3 permutation applied 5 times). */
    private static void round5(int[] v, int[] m) {
        for (int l = 0; l < LANES; l++) {
            int s0 = v[l + 0 * LANES]; int s1 = v[l + 1 * LANES]; int s2 = v[l + 2 * LANES]; int s3 = v[l + 3 * LANES];
            int s4 = v[l + 4 * LANES]; int s5 = v[l + 5 * LANES]; int s6 = v[l + 6 * LANES]; int s7 = v[l + 7 * LANES];
            int s8 = v[l + 8 * LANES]; int s9 = v[l + 9 * LANES]; int s10 = v[l + 10 * LANES]; int s11 = v[l + 11 * LANES];
            int s12 = v[l + 12 * LANES]; int s13 = v[l + 13 * LANES]; int s14 = v[l + 14 * LANES]; int s15 = v[l + 15 * LANES];
            s0 += s4 + m[l + 9 * LANES]; s12 = rotr(s12 ^ s0, 16); s8 += s12; s4 = rotr(s4 ^ s8, 12);
            s0 += s4 + m[l + 14 * LANES]; s12 = rotr(s12 ^ s0, 8); s8 += s12; s4 = rotr(s4 ^ s8, 7);
            s1 += s5 + m[l + 11 * LANES]; s13 = rotr(s13 ^ s1, 16); s9 += s13; s5 = rotr(s5 ^ s9, 12);
            s1 += s5 + m[l + 5 * LANES]; s13 = rotr(s13 ^ s1, 8); s9 += s13; s5 = rotr(s5 ^ s9, 7);
            s2 += s6 + m[l + 8 * LANES]; s14 = rotr(s14 ^ s2, 16); s10 += s14; s6 = rotr(s6 ^ s10, 12);
            s2 += s6 + m[l + 12 * LANES]; s14 = rotr(s14 ^ s2, 8); s10 += s14; s6 = rotr(s6 ^ s10, 7);
            s3 += s7 + m[l + 15 * LANES]; s15 = rotr(s15 ^ s3, 16); s11 += s15; s7 = rotr(s7 ^ s11, 12);
            s3 += s7 + m[l + 1 * LANES]; s15 = rotr(s15 ^ s3, 8); s11 += s15; s7 = rotr(s7 ^ s11, 7);
            s0 += s5 + m[l + 13 * LANES]; s15 = rotr(s15 ^ s0, 16); s10 += s15; s5 = rotr(s5 ^ s10, 12);
            s0 += s5 + m[l + 3 * LANES]; s15 = rotr(s15 ^ s0, 8); s10 += s15; s5 = rotr(s5 ^ s10, 7);
            s1 += s6 + m[l + 0 * LANES]; s12 = rotr(s12 ^ s1, 16); s11 += s12; s6 = rotr(s6 ^ s11, 12);
            s1 += s6 + m[l + 10 * LANES]; s12 = rotr(s12 ^ s1, 8); s11 += s12; s6 = rotr(s6 ^ s11, 7);
            s2 += s7 + m[l + 2 * LANES]; s13 = rotr(s13 ^ s2, 16); s8 += s13; s7 = rotr(s7 ^ s8, 12);
            s2 += s7 + m[l + 6 * LANES]; s13 = rotr(s13 ^ s2, 8); s8 += s13; s7 = rotr(s7 ^ s8, 7);
            s3 += s4 + m[l + 4 * LANES]; s14 = rotr(s14 ^ s3, 16); s9 += s14; s4 = rotr(s4 ^ s9, 12);
            s3 += s4 + m[l + 7 * LANES]; s14 = rotr(s14 ^ s3, 8); s9 += s14; s4 = rotr(s4 ^ s9, 7);
            v[l + 0 * LANES] = s0; v[l + 1 * LANES] = s1; v[l + 2 * LANES] = s2; v[l + 3 * LANES] = s3;
            v[l + 4 * LANES] = s4; v[l + 5 * LANES] = s5; v[l + 6 * LANES] = s6; v[l + 7 * LANES] = s7;
            v[l + 8 * LANES] = s8; v[l + 9 * LANES] = s9; v[l + 10 * LANES] = s10; v[l + 11 * LANES] = s11;
            v[l + 12 * LANES] = s12; v[l + 13 * LANES] = s13; v[l + 14 * LANES] = s14; v[l + 15 * LANES] = s15;
        }
    }

    /** Round 7: message words in the order [11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13] (the BLAKE3 permutation applied 6 times). */
    private static void round6(int[] v, int[] m) {
        for (int l = 0; l < LANES; l++) {
            int s0 = v[l + 0 * LANES]; int s1 = v[l + 1 * LANES]; int s2 = v[l + 2 * LANES]; int s3 = v[l + 3 * LANES];
            int s4 = v[l + 4 * LANES]; int s5 = v[l + 5 * LANES]; int s6 = v[l + 6 * LANES]; int s7 = v[l + 7 * LANES];
            int s8 = v[l + 8 * LANES]; int s9 = v[l + 9 * LANES]; int s10 = v[l + 10 * LANES]; int s11 = v[l + 11 * LANES];
            int s12 = v[l + 12 * LANES]; int s13 = v[l + 13 * LANES]; int s14 = v[l + 14 * LANES]; int s15 = v[l + 15 * LANES];
            s0 += s4 + m[l + 11 * LANES]; s12 = rotr(s12 ^ s0, 16); s8 += s12; s4 = rotr(s4 ^ s8, 12);
            s0 += s4 + m[l + 15 * LANES]; s12 = rotr(s12 ^ s0, 8); s8 += s12; s4 = rotr(s4 ^ s8, 7);
            s1 += s5 + m[l + 5 * LANES]; s13 = rotr(s13 ^ s1, 16); s9 += s13; s5 = rotr(s5 ^ s9, 12);
            s1 += s5 + m[l + 0 * LANES]; s13 = rotr(s13 ^ s1, 8); s9 += s13; s5 = rotr(s5 ^ s9, 7);
            s2 += s6 + m[l + 1 * LANES]; s14 = rotr(s14 ^ s2, 16); s10 += s14; s6 = rotr(s6 ^ s10, 12);
            s2 += s6 + m[l + 9 * LANES]; s14 = rotr(s14 ^ s2, 8); s10 += s14; s6 = rotr(s6 ^ s10, 7);
            s3 += s7 + m[l + 8 * LANES]; s15 = rotr(s15 ^ s3, 16); s11 += s15; s7 = rotr(s7 ^ s11, 12);
            s3 += s7 + m[l + 6 * LANES]; s15 = rotr(s15 ^ s3, 8); s11 += s15; s7 = rotr(s7 ^ s11, 7);
            s0 += s5 + m[l + 14 * LANES]; s15 = rotr(s15 ^ s0, 16); s10 += s15; s5 = rotr(s5 ^ s10, 12);
            s0 += s5 + m[l + 10 * LANES]; s15 = rotr(s15 ^ s0, 8); s10 += s15; s5 = rotr(s5 ^ s10, 7);
            s1 += s6 + m[l + 2 * LANES]; s12 = rotr(s12 ^ s1, 16); s11 += s12; s6 = rotr(s6 ^ s11, 12);
            s1 += s6 + m[l + 12 * LANES]; s12 = rotr(s12 ^ s1, 8); s11 += s12; s6 = rotr(s6 ^ s11, 7);
            s2 += s7 + m[l + 3 * LANES]; s13 = rotr(s13 ^ s2, 16); s8 += s13; s7 = rotr(s7 ^ s8, 12);
            s2 += s7 + m[l + 4 * LANES]; s13 = rotr(s13 ^ s2, 8); s8 += s13; s7 = rotr(s7 ^ s8, 7);
            s3 += s4 + m[l + 7 * LANES]; s14 = rotr(s14 ^ s3, 16); s9 += s14; s4 = rotr(s4 ^ s9, 12);
            s3 += s4 + m[l + 13 * LANES]; s14 = rotr(s14 ^ s3, 8); s9 += s14; s4 = rotr(s4 ^ s9, 7);
            v[l + 0 * LANES] = s0; v[l + 1 * LANES] = s1; v[l + 2 * LANES] = s2; v[l + 3 * LANES] = s3;
            v[l + 4 * LANES] = s4; v[l + 5 * LANES] = s5; v[l + 6 * LANES] = s6; v[l + 7 * LANES] = s7;
            v[l + 8 * LANES] = s8; v[l + 9 * LANES] = s9; v[l + 10 * LANES] = s10; v[l + 11 * LANES] = s11;
            v[l + 12 * LANES] = s12; v[l + 13 * LANES] = s13; v[l + 14 * LANES] = s14; v[l + 15 * LANES] = s15;
        }
    }
}
