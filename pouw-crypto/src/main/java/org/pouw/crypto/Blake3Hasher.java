package org.pouw.crypto;

/**
 * BLAKE3 (unkeyed, 32-byte output), written from the BLAKE3 specification: 1 KiB chunks of 64-byte blocks, each
 * compressed in 7 rounds, chunk chaining values merged pairwise into a binary tree whose root is compressed with the
 * ROOT flag. Streaming: feed bytes with {@link #update}, then {@link #digest} once.
 *
 * <p>Why our own: commons-codec's implementation is correct but allocates per block and per call, which made
 * hashing short traces and proofs a visible share of the node's CPU; this one reuses its arrays. It is checked
 * against the official vectors and against commons-codec on every length around block and chunk boundaries.
 */
final class Blake3Hasher {
    /** Reads little-endian 32-bit words straight out of a byte array, without a per-byte loop. */
    private static final java.lang.invoke.VarHandle LE_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final int[] IV = {
        0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
    };
    private static final int CHUNK_START = 1;
    private static final int CHUNK_END = 2;
    private static final int PARENT = 4;
    private static final int ROOT = 8;
    private static final int BLOCK_LEN = 64;
    private static final int CHUNK_LEN = 1024;
    /** 2^54 chunks is far beyond any input; the stack holds one chaining value per set bit of the chunk count. */
    private static final int MAX_DEPTH = 54;

    /** Rows are allocated as the tree grows: most inputs are a single chunk and never need one. */
    private final int[][] stack = new int[MAX_DEPTH][];
    private final int[] scratch = new int[8];
    private int stackLen;
    private final int[] chunkCv = new int[8];
    private long chunkCounter;
    private final byte[] block = new byte[BLOCK_LEN];
    private int blockLen;
    private int blocksCompressed;
    private final int[] words = new int[16];
    private final int[] state = new int[16];

    Blake3Hasher() {
        System.arraycopy(IV, 0, chunkCv, 0, 8);
    }

    void update(byte[] input, int offset, int length) {
        int end = offset + length;
        while (offset < end) {
            if (chunkLength() == CHUNK_LEN) {
                int[] cv = scratch;
                chunkOutput(cv, 0);
                addChunk(cv, chunkCounter + 1);
                chunkCounter++;
                System.arraycopy(IV, 0, chunkCv, 0, 8);
                blocksCompressed = 0;
                blockLen = 0;
            }
            if (blockLen == BLOCK_LEN) {
                compressBlock(chunkCv, block, BLOCK_LEN, chunkCounter, startFlag());
                blocksCompressed++;
                blockLen = 0;
            }
            int take = Math.min(BLOCK_LEN - blockLen, end - offset);
            take = Math.min(take, CHUNK_LEN - chunkLength());
            System.arraycopy(input, offset, block, blockLen, take);
            blockLen += take;
            offset += take;
        }
    }

    /** The 32-byte hash of everything fed in. Call once. */
    byte[] digest() {
        int[] cv = new int[8];
        if (stackLen == 0) {
            chunkOutput(cv, ROOT);
            return littleEndian(cv);
        }
        chunkOutput(cv, 0);
        for (int i = stackLen - 1; i >= 0; i--) {
            parent(stack[i], cv, cv, i == 0 ? ROOT : 0);
        }
        return littleEndian(cv);
    }

    private int chunkLength() {
        return blocksCompressed * BLOCK_LEN + blockLen;
    }

    private int startFlag() {
        return blocksCompressed == 0 ? CHUNK_START : 0;
    }

    /** The chaining value of the current (last) chunk, its final block compressed with CHUNK_END and {@code extra}. */
    private void chunkOutput(int[] out, int extra) {
        System.arraycopy(chunkCv, 0, out, 0, 8);
        for (int i = blockLen; i < BLOCK_LEN; i++) {
            block[i] = 0;
        }
        compressBlock(out, block, blockLen, chunkCounter, startFlag() | CHUNK_END | extra);
    }

    /** Pushes a finished chunk's value, merging completed subtrees: one merge per trailing zero of the count. */
    private void addChunk(int[] cv, long totalChunks) {
        while ((totalChunks & 1) == 0) {
            parent(stack[--stackLen], cv, cv, 0);
            totalChunks >>= 1;
        }
        if (stack[stackLen] == null) {
            stack[stackLen] = new int[8];
        }
        System.arraycopy(cv, 0, stack[stackLen++], 0, 8);
    }

    private void parent(int[] left, int[] right, int[] out, int extra) {
        System.arraycopy(left, 0, words, 0, 8);
        System.arraycopy(right, 0, words, 8, 8);
        System.arraycopy(IV, 0, out, 0, 8);
        compress(out, words, 0, BLOCK_LEN, PARENT | extra);
    }

    private void compressBlock(int[] cv, byte[] bytes, int length, long counter, int flags) {
        for (int i = 0; i < 16; i++) {
            words[i] = (int) LE_INT.get(bytes, 4 * i);
        }
        compress(cv, words, counter, length, flags);
    }

    /** The compression function; replaces {@code cv} with the first 8 words of its output. */
    private void compress(int[] cv, int[] m, long counter, int length, int flags) {
        int[] s = state;
        System.arraycopy(cv, 0, s, 0, 8);
        s[8] = IV[0];
        s[9] = IV[1];
        s[10] = IV[2];
        s[11] = IV[3];
        s[12] = (int) counter;
        s[13] = (int) (counter >>> 32);
        s[14] = length;
        s[15] = flags;
        int m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
        int m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];
        for (int round = 0; round < 7; round++) {
            g(s, 0, 4, 8, 12, m0, m1);
            g(s, 1, 5, 9, 13, m2, m3);
            g(s, 2, 6, 10, 14, m4, m5);
            g(s, 3, 7, 11, 15, m6, m7);
            g(s, 0, 5, 10, 15, m8, m9);
            g(s, 1, 6, 11, 12, m10, m11);
            g(s, 2, 7, 8, 13, m12, m13);
            g(s, 3, 4, 9, 14, m14, m15);
            // The message permutation of the specification: new[i] = old[PERMUTATION[i]],
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

    private static byte[] littleEndian(int[] cv) {
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) cv[i];
            out[4 * i + 1] = (byte) (cv[i] >>> 8);
            out[4 * i + 2] = (byte) (cv[i] >>> 16);
            out[4 * i + 3] = (byte) (cv[i] >>> 24);
        }
        return out;
    }
}
