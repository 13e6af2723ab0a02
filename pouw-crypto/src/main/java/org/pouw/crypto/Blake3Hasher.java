package org.pouw.crypto;

import static org.pouw.crypto.Blake3Compression.BLOCK_LEN;
import static org.pouw.crypto.Blake3Compression.CHUNK_END;
import static org.pouw.crypto.Blake3Compression.CHUNK_LEN;
import static org.pouw.crypto.Blake3Compression.CHUNK_START;
import static org.pouw.crypto.Blake3Compression.IV;
import static org.pouw.crypto.Blake3Compression.PARENT;
import static org.pouw.crypto.Blake3Compression.ROOT;

/**
 * BLAKE3 (unkeyed, 32-byte output), written from the BLAKE3 specification: 1 KiB chunks of 64-byte blocks, each
 * compressed in 7 rounds, chunk chaining values merged pairwise into a binary tree whose root is compressed with the
 * ROOT flag. Streaming: feed bytes with {@link #update}, then {@link #digest} once. Blocks are compressed by the
 * shared core, {@link Blake3Compression}.
 *
 * <p>Why our own: commons-codec's implementation is correct but allocates per block and per call, which made
 * hashing short traces and proofs a visible share of the node's CPU; this one reuses its arrays. It is checked
 * against the official vectors and against commons-codec on every length around block and chunk boundaries.
 */
final class Blake3Hasher {
    /** Reads little-endian 32-bit words straight out of a byte array, without a per-byte loop. */
    private static final java.lang.invoke.VarHandle LE_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
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
    private final int[] state = new int[Blake3Compression.STATE_WORDS];

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
        Blake3Compression.compress(out, words, 0, BLOCK_LEN, PARENT | extra, state);
    }

    private void compressBlock(int[] cv, byte[] bytes, int length, long counter, int flags) {
        for (int i = 0; i < 16; i++) {
            words[i] = (int) LE_INT.get(bytes, 4 * i);
        }
        Blake3Compression.compress(cv, words, counter, length, flags, state);
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
