package org.pouw.ml.hash;

import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * BLAKE3 (unkeyed, 32-byte output) of a byte string given as little-endian 32-bit words — the form training
 * states take, so hashing them needs no byte conversion. Equal, bit for bit, to {@code org.pouw.crypto.Blake3.hash}
 * of the same bytes (tests compare the two on many lengths around chunk and lane boundaries).
 *
 * <p>Why not that class: training commits to its whole state after every step (about 0.9 MB for the MNIST MLP
 * with momentum), which the general-purpose implementation hashes at about 0.24 GB/s — longer than the training
 * step itself. Here full 1 KiB chunks are compressed {@value LaneCompressor#LANES} at a time in SIMD lanes
 * (about 1.2 GB/s on one core), chunk batches are spread over a {@link ThreadTeam}, and the parent levels of the
 * tree are compressed in lanes too.
 */
public final class Blake3Words {
    private static final int LANES = LaneCompressor.LANES;
    private static final int CHUNK_WORDS = 256;
    private static final int CHUNK_START = 1;
    private static final int CHUNK_END = 2;
    private static final int PARENT = 4;
    private static final int ROOT = 8;
    /** With fewer leftover full chunks than this, compressing them one by one beats a padded lane batch. */
    private static final int MIN_PADDED_BATCH = 8;
    private static final int[] PERMUTATION = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

    private Blake3Words() {
    }

    public static Bytes32 hash(int[] words, int count) {
        return hash(words, count, ThreadTeam.single());
    }

    /** Hashes the first {@code count} words of {@code words}, i.e. {@code 4 · count} bytes. */
    public static Bytes32 hash(int[] words, int count, ThreadTeam team) {
        if (count < 0 || count > words.length) {
            throw new IllegalArgumentException("count must be in [0, " + words.length + "], got " + count);
        }
        int chunks = count == 0 ? 1 : (count + CHUNK_WORDS - 1) / CHUNK_WORDS;
        if (chunks == 1) {
            return toBytes(chunk(words, 0, count, 0, true));
        }
        int fullChunks = count / CHUNK_WORDS;
        int[][] chaining = new int[8][chunks];
        int wholeBatches = fullChunks / LANES;
        boolean padLastBatch = fullChunks - wholeBatches * LANES >= MIN_PADDED_BATCH;
        int laneBatches = wholeBatches + (padLastBatch ? 1 : 0);
        team.forRange(laneBatches, (from, to) -> {
            LaneCompressor lanes = new LaneCompressor();
            for (int batch = from; batch < to; batch++) {
                chunkBatch(lanes, words, batch * LANES, fullChunks, chaining);
            }
        });
        int firstScalar = padLastBatch ? fullChunks : wholeBatches * LANES;
        for (int c = firstScalar; c < chunks; c++) {
            int start = c * CHUNK_WORDS;
            int[] cv = chunk(words, start, Math.min(count, start + CHUNK_WORDS) - start, c, false);
            for (int w = 0; w < 8; w++) {
                chaining[w][c] = cv[w];
            }
        }
        return toBytes(reduceToRoot(chaining, chunks));
    }

    /** Compresses the full chunks [first, first + LANES) (lanes past {@code fullChunks} repeat the last one and are dropped). */
    private static void chunkBatch(LaneCompressor lanes, int[] words, int first, int fullChunks, int[][] out) {
        int[] message = lanes.message;
        lanes.resetChaining();
        for (int block = 0; block < 16; block++) {
            for (int l = 0; l < LANES; l++) {
                int base = Math.min(first + l, fullChunks - 1) * CHUNK_WORDS + block * 16;
                for (int w = 0; w < 16; w++) {
                    message[w * LANES + l] = words[base + w];
                }
            }
            int flags = (block == 0 ? CHUNK_START : 0) | (block == 15 ? CHUNK_END : 0);
            lanes.compress(first, true, 64, flags);
        }
        int valid = Math.min(LANES, fullChunks - first);
        for (int w = 0; w < 8; w++) {
            System.arraycopy(lanes.chaining, w * LANES, out[w], first, valid);
        }
    }

    /**
     * Merges chunk chaining values level by level, an odd node carried up unchanged; this is the same tree as
     * BLAKE3's "left subtree holds the largest power of two chunks", and the last merge carries the ROOT flag.
     */
    private static int[] reduceToRoot(int[][] level, int width) {
        LaneCompressor lanes = null;
        while (width > 2) {
            int pairs = width / 2;
            int[][] up = new int[8][(width + 1) / 2];
            for (int first = 0; first < pairs; first += LANES) {
                int count = Math.min(LANES, pairs - first);
                if (count < MIN_PADDED_BATCH) {
                    for (int p = first; p < first + count; p++) {
                        int[] cv = compress(LaneCompressor.IV, parentBlock(level, 2 * p), 0, 64, PARENT);
                        for (int w = 0; w < 8; w++) {
                            up[w][p] = cv[w];
                        }
                    }
                    continue;
                }
                if (lanes == null) {
                    lanes = new LaneCompressor();
                }
                int[] message = lanes.message;
                for (int l = 0; l < LANES; l++) {
                    int pair = first + Math.min(l, count - 1);
                    for (int w = 0; w < 8; w++) {
                        message[w * LANES + l] = level[w][2 * pair];
                        message[(w + 8) * LANES + l] = level[w][2 * pair + 1];
                    }
                }
                lanes.resetChaining();
                lanes.compress(0, false, 64, PARENT);
                for (int w = 0; w < 8; w++) {
                    System.arraycopy(lanes.chaining, w * LANES, up[w], first, count);
                }
            }
            if ((width & 1) == 1) {
                for (int w = 0; w < 8; w++) {
                    up[w][pairs] = level[w][width - 1];
                }
            }
            level = up;
            width = (width + 1) / 2;
        }
        return compress(LaneCompressor.IV, parentBlock(level, 0), 0, 64, PARENT | ROOT);
    }

    private static int[] parentBlock(int[][] level, int left) {
        int[] block = new int[16];
        for (int w = 0; w < 8; w++) {
            block[w] = level[w][left];
            block[w + 8] = level[w][left + 1];
        }
        return block;
    }

    /** One chunk of {@code length} ≤ 256 words starting at {@code start}, compressed block by block. */
    private static int[] chunk(int[] words, int start, int length, long counter, boolean root) {
        int blocks = Math.max(1, (length + 15) / 16);
        int[] cv = LaneCompressor.IV;
        for (int b = 0; b < blocks; b++) {
            int[] block = new int[16];
            int inBlock = Math.min(16, length - b * 16);
            if (inBlock > 0) {
                System.arraycopy(words, start + b * 16, block, 0, inBlock);
            }
            boolean last = b == blocks - 1;
            int flags = (b == 0 ? CHUNK_START : 0) | (last ? CHUNK_END : 0) | (last && root ? ROOT : 0);
            cv = compress(cv, block, counter, Math.max(0, inBlock) * 4, flags);
        }
        return cv;
    }

    /** The scalar compression function, for the few blocks that do not fill a lane batch. */
    private static int[] compress(int[] cv, int[] block, long counter, int blockLength, int flags) {
        int[] s = new int[16];
        System.arraycopy(cv, 0, s, 0, 8);
        System.arraycopy(LaneCompressor.IV, 0, s, 8, 4);
        s[12] = (int) counter;
        s[13] = (int) (counter >>> 32);
        s[14] = blockLength;
        s[15] = flags;
        int[] m = block.clone();
        for (int round = 0; round < 7; round++) {
            g(s, 0, 4, 8, 12, m[0], m[1]);
            g(s, 1, 5, 9, 13, m[2], m[3]);
            g(s, 2, 6, 10, 14, m[4], m[5]);
            g(s, 3, 7, 11, 15, m[6], m[7]);
            g(s, 0, 5, 10, 15, m[8], m[9]);
            g(s, 1, 6, 11, 12, m[10], m[11]);
            g(s, 2, 7, 8, 13, m[12], m[13]);
            g(s, 3, 4, 9, 14, m[14], m[15]);
            int[] permuted = new int[16];
            for (int i = 0; i < 16; i++) {
                permuted[i] = m[PERMUTATION[i]];
            }
            m = permuted;
        }
        int[] out = new int[8];
        for (int i = 0; i < 8; i++) {
            out[i] = s[i] ^ s[i + 8];
        }
        return out;
    }

    private static void g(int[] s, int a, int b, int c, int d, int x, int y) {
        s[a] = s[a] + s[b] + x;
        s[d] = Integer.rotateRight(s[d] ^ s[a], 16);
        s[c] = s[c] + s[d];
        s[b] = Integer.rotateRight(s[b] ^ s[c], 12);
        s[a] = s[a] + s[b] + y;
        s[d] = Integer.rotateRight(s[d] ^ s[a], 8);
        s[c] = s[c] + s[d];
        s[b] = Integer.rotateRight(s[b] ^ s[c], 7);
    }

    private static Bytes32 toBytes(int[] words) {
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            int w = words[i];
            out[4 * i] = (byte) w;
            out[4 * i + 1] = (byte) (w >>> 8);
            out[4 * i + 2] = (byte) (w >>> 16);
            out[4 * i + 3] = (byte) (w >>> 24);
        }
        return Bytes32.of(out);
    }
}
