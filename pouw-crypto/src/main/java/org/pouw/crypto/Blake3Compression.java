package org.pouw.crypto;

/**
 * The BLAKE3 compression function (BLAKE3 specification §2.2), the one scalar core behind every BLAKE3 in the
 * project: {@link Blake3Hasher} (bytes, any length), {@link Blake3Words} (long words, digest pairs and short byte
 * strings without a byte copy) and the blocks of {@link Blake3Tree} that do not fill a lane batch. The batched
 * form of the same function is {@link Blake3Lanes}; tests check the two agree.
 *
 * <p>Shape, chosen by measurement: the sixteen message words live in locals and are permuted between rounds by
 * renaming (§2.2: the permutation is applied to the message after every round), while the sixteen state words live
 * in a caller-owned scratch array that the quarter-round {@code g} updates. On JDK 25 (C2, x86-64) this compiles to
 * faster code than the seven rounds fully unrolled over 32 locals, which overflow the registers and spill: about
 * 100 against 140 ns a compression on the development machine. Nothing is allocated per call.
 */
final class Blake3Compression {
    /** The IV of §2.1 (the SHA-256 IV); also the key of the unkeyed hash mode used here. */
    static final int IV0 = 0x6A09E667;
    static final int IV1 = 0xBB67AE85;
    static final int IV2 = 0x3C6EF372;
    static final int IV3 = 0xA54FF53A;
    static final int IV4 = 0x510E527F;
    static final int IV5 = 0x9B05688C;
    static final int IV6 = 0x1F83D9AB;
    static final int IV7 = 0x5BE0CD19;
    static final int[] IV = {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};

    /** Domain flags of Table 3 (§2.1). */
    static final int CHUNK_START = 1;
    static final int CHUNK_END = 2;
    static final int PARENT = 4;
    static final int ROOT = 8;

    static final int BLOCK_LEN = 64;
    static final int CHUNK_LEN = 1024;
    /** Words of the scratch state a caller hands to {@link #compress}. */
    static final int STATE_WORDS = 16;

    private Blake3Compression() {
    }

    /** Sets the 8 words of {@code cv} to the IV: the chaining value a chunk starts from, and a parent's key. */
    static void startFromIv(int[] cv) {
        cv[0] = IV0;
        cv[1] = IV1;
        cv[2] = IV2;
        cv[3] = IV3;
        cv[4] = IV4;
        cv[5] = IV5;
        cv[6] = IV6;
        cv[7] = IV7;
    }

    /**
     * Compresses the 16-word block {@code m} into the chaining value {@code cv} in place, keeping the first half of
     * the output (§2.2: {@code h'_i = v_i ⊕ v_(i+8)}), which is all the hash mode needs for 32-byte digests.
     * {@code state} is scratch of {@link #STATE_WORDS} words; its contents before and after mean nothing.
     */
    static void compress(int[] cv, int[] m, long counter, int blockLen, int flags, int[] state) {
        int[] s = state;
        System.arraycopy(cv, 0, s, 0, 8);
        s[8] = IV0;
        s[9] = IV1;
        s[10] = IV2;
        s[11] = IV3;
        s[12] = (int) counter;
        s[13] = (int) (counter >>> 32);
        s[14] = blockLen;
        s[15] = flags;
        int m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
        int m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];
        for (int round = 0; round < 7; round++) {
            // §2.2: columns, then diagonals.
            g(s, 0, 4, 8, 12, m0, m1);
            g(s, 1, 5, 9, 13, m2, m3);
            g(s, 2, 6, 10, 14, m4, m5);
            g(s, 3, 7, 11, 15, m6, m7);
            g(s, 0, 5, 10, 15, m8, m9);
            g(s, 1, 6, 11, 12, m10, m11);
            g(s, 2, 7, 8, 13, m12, m13);
            g(s, 3, 4, 9, 14, m14, m15);
            // The message permutation of Table 2: new[i] = old[PERMUTATION[i]],
            // PERMUTATION = 2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8.
            int t0 = m2, t1 = m6, t2 = m3, t3 = m10, t4 = m7, t5 = m0, t6 = m4, t7 = m13;
            int t8 = m1, t9 = m11, t10 = m12, t11 = m5, t12 = m9, t13 = m14, t14 = m15, t15 = m8;
            m0 = t0;
            m1 = t1;
            m2 = t2;
            m3 = t3;
            m4 = t4;
            m5 = t5;
            m6 = t6;
            m7 = t7;
            m8 = t8;
            m9 = t9;
            m10 = t10;
            m11 = t11;
            m12 = t12;
            m13 = t13;
            m14 = t14;
            m15 = t15;
        }
        for (int i = 0; i < 8; i++) {
            cv[i] = s[i] ^ s[i + 8];
        }
    }

    /** The quarter-round G of §2.2 on state words a, b, c, d with message words mx, my. */
    private static void g(int[] s, int a, int b, int c, int d, int mx, int my) {
        s[a] = s[a] + s[b] + mx;
        s[d] = Integer.rotateRight(s[d] ^ s[a], 16);
        s[c] = s[c] + s[d];
        s[b] = Integer.rotateRight(s[b] ^ s[c], 12);
        s[a] = s[a] + s[b] + my;
        s[d] = Integer.rotateRight(s[d] ^ s[a], 8);
        s[c] = s[c] + s[d];
        s[b] = Integer.rotateRight(s[b] ^ s[c], 7);
    }
}
