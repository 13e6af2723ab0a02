package org.pouw.crypto;

import static org.pouw.crypto.Blake3Compression.CHUNK_END;
import static org.pouw.crypto.Blake3Compression.CHUNK_LEN;
import static org.pouw.crypto.Blake3Compression.CHUNK_START;
import static org.pouw.crypto.Blake3Compression.ROOT;

/**
 * BLAKE3-256 of inputs that arrive as words rather than bytes — the word-shaped entry points of the one core,
 * {@link Blake3Compression}. Every method returns exactly the standard BLAKE3 of the little-endian bytes of its
 * words (tests compare each with {@link Blake3#hash} and the official vectors); none builds those bytes.
 *
 * <ul>
 *   <li>{@link #hashLongs}, {@link #hashPair}, {@link #hashBytes}: inputs of at most one chunk (1024 bytes) with
 *       no allocation per call — the STARK's Merkle leaves (a row of field elements), Merkle nodes (two digests,
 *       one block) and grinding. A single chunk with counter 0 whose last block carries ROOT (spec §2.3, §2.5).
 *       These use scratch space in the instance: one instance per thread.</li>
 *   <li>{@link #hashInts}: int words of any length, e.g. a whole training state after every step (about 0.9 MB);
 *       full chunks are compressed 64 at a time in lanes, spread over the caller's threads ({@link Blake3Tree}).</li>
 * </ul>
 *
 * <p>Spec: O'Connor, Aumasson, Neves, Wilcox-O'Hearn, "BLAKE3: one function, fast everywhere" (2020).
 */
public final class Blake3Words {
    private final int[] block = new int[16];
    private final int[] cv = new int[8];
    private final int[] state = new int[Blake3Compression.STATE_WORDS];
    private long[] rowBuffer = new long[16];

    /** A reusable buffer of at least {@code length} longs for gathering a row before hashing it. */
    public long[] rowBuffer(int length) {
        if (rowBuffer.length < length) {
            rowBuffer = new long[length];
        }
        return rowBuffer;
    }

    /**
     * BLAKE3 of the little-endian bytes of {@code words[0, count)}, {@code 4 · count} bytes, as 32 bytes. The
     * {@code threads} decide only which thread compresses which chunks, never the result.
     */
    public static byte[] hashInts(int[] words, int count, RangeRunner threads) {
        if (count < 0 || count > words.length) {
            throw new IllegalArgumentException("count must be in [0, " + words.length + "], got " + count);
        }
        return digestBytes(Blake3Tree.root(words, count, threads), 0);
    }

    /**
     * BLAKE3 of the little-endian bytes of {@code src[from, from + count)}; the 8 digest words (little-endian words of
     * the 32-byte digest) go to {@code out[outOffset, outOffset + 8)}.
     */
    public void hashLongs(long[] src, int from, int count, int[] out, int outOffset) {
        int byteLength = count * 8;
        if (byteLength > CHUNK_LEN) {
            hashLongsBeyondOneChunk(src, from, count, out, outOffset);
            return;
        }
        Blake3Compression.startFromIv(cv);
        int blocks = Math.max(1, (byteLength + 63) >>> 6);
        for (int b = 0; b < blocks; b++) {
            int firstLong = from + b * 8;
            int longsInBlock = Math.min(8, count - b * 8);
            for (int i = 0; i < 8; i++) {
                long word = i < longsInBlock ? src[firstLong + i] : 0L;
                block[2 * i] = (int) word;
                block[2 * i + 1] = (int) (word >>> 32);
            }
            int flags = (b == 0 ? CHUNK_START : 0) | (b == blocks - 1 ? CHUNK_END | ROOT : 0);
            Blake3Compression.compress(cv, block, 0, Math.max(0, longsInBlock) * 8, flags, state);
        }
        System.arraycopy(cv, 0, out, outOffset, 8);
    }

    /** BLAKE3 of the 64 bytes {@code left ‖ right}, each given as 8 digest words: one block, one compression. */
    public void hashPair(int[] left, int leftOffset, int[] right, int rightOffset, int[] out, int outOffset) {
        System.arraycopy(left, leftOffset, block, 0, 8);
        System.arraycopy(right, rightOffset, block, 8, 8);
        Blake3Compression.startFromIv(cv);
        Blake3Compression.compress(cv, block, 0, 64, CHUNK_START | CHUNK_END | ROOT, state);
        System.arraycopy(cv, 0, out, outOffset, 8);
    }

    /** BLAKE3 of {@code src[offset, offset + length)} as 32 bytes; longer than a chunk goes to {@link Blake3}. */
    public byte[] hashBytes(byte[] src, int offset, int length) {
        if (length > CHUNK_LEN) {
            Blake3.Incremental hasher = Blake3.incremental();
            return hasher.update(src, offset, length).digest();
        }
        Blake3Compression.startFromIv(cv);
        int blocks = Math.max(1, (length + 63) >>> 6);
        for (int b = 0; b < blocks; b++) {
            int start = b * 64;
            int inBlock = Math.min(64, length - start);
            java.util.Arrays.fill(block, 0);
            for (int i = 0; i < inBlock; i++) {
                block[i >>> 2] |= (src[offset + start + i] & 0xFF) << (8 * (i & 3));
            }
            int flags = (b == 0 ? CHUNK_START : 0) | (b == blocks - 1 ? CHUNK_END | ROOT : 0);
            Blake3Compression.compress(cv, block, 0, Math.max(0, inBlock), flags, state);
        }
        return digestBytes(cv, 0);
    }

    /** The 32 digest bytes of 8 little-endian digest words. */
    public static byte[] digestBytes(int[] words, int offset) {
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            int w = words[offset + i];
            out[4 * i] = (byte) w;
            out[4 * i + 1] = (byte) (w >>> 8);
            out[4 * i + 2] = (byte) (w >>> 16);
            out[4 * i + 3] = (byte) (w >>> 24);
        }
        return out;
    }

    /** The 8 little-endian digest words of 32 digest bytes. */
    public static void digestWords(byte[] digest, int[] out, int outOffset) {
        for (int i = 0; i < 8; i++) {
            out[outOffset + i] = (digest[4 * i] & 0xFF) | (digest[4 * i + 1] & 0xFF) << 8
                    | (digest[4 * i + 2] & 0xFF) << 16 | (digest[4 * i + 3] & 0xFF) << 24;
        }
    }

    /** Rows wider than 128 field elements are rare (none in today's AIRs); they take the general tree. */
    private void hashLongsBeyondOneChunk(long[] src, int from, int count, int[] out, int outOffset) {
        int[] words = new int[2 * count];
        for (int i = 0; i < count; i++) {
            long word = src[from + i];
            words[2 * i] = (int) word;
            words[2 * i + 1] = (int) (word >>> 32);
        }
        System.arraycopy(Blake3Tree.root(words, words.length, RangeRunner.CALLER), 0, out, outOffset, 8);
    }
}
