package org.pouw.crypto;

import static org.pouw.crypto.Blake3Compression.CHUNK_END;
import static org.pouw.crypto.Blake3Compression.CHUNK_START;
import static org.pouw.crypto.Blake3Compression.PARENT;
import static org.pouw.crypto.Blake3Compression.ROOT;

/**
 * The BLAKE3 chunk tree (spec §2.4, §2.5) of a long string of int words, built for speed on large inputs: full
 * 1 KiB chunks are compressed {@value Blake3Lanes#LANES} at a time in lanes, chunk batches are spread over a
 * {@link RangeRunner}, and the parent levels are compressed in lanes too; the few blocks that fill no lane batch
 * go through the scalar {@link Blake3Compression}.
 *
 * <p>Why: a verifiable training run commits to its whole state after every step (about 0.9 MB for the MNIST MLP
 * with momentum), which a one-block-at-a-time hasher does at about 0.24 GB/s — longer than the training step
 * itself; the lanes reach about 1.2 GB/s on one core.
 */
final class Blake3Tree {
    private static final int LANES = Blake3Lanes.LANES;
    private static final int CHUNK_WORDS = 256;
    /** With fewer leftover full chunks than this, compressing them one by one beats a padded lane batch. */
    private static final int MIN_PADDED_BATCH = 8;

    private Blake3Tree() {
    }

    /** The 8 root words of BLAKE3 over {@code words[0, count)} as little-endian bytes. */
    static int[] root(int[] words, int count, RangeRunner threads) {
        int chunks = count == 0 ? 1 : (count + CHUNK_WORDS - 1) / CHUNK_WORDS;
        int[] state = new int[Blake3Compression.STATE_WORDS];
        if (chunks == 1) {
            return chunk(words, 0, count, 0, true, state);
        }
        int fullChunks = count / CHUNK_WORDS;
        int[][] chaining = new int[8][chunks];
        int wholeBatches = fullChunks / LANES;
        boolean padLastBatch = fullChunks - wholeBatches * LANES >= MIN_PADDED_BATCH;
        int laneBatches = wholeBatches + (padLastBatch ? 1 : 0);
        threads.forRange(laneBatches, (from, to) -> {
            Blake3Lanes lanes = new Blake3Lanes();
            for (int batch = from; batch < to; batch++) {
                chunkBatch(lanes, words, batch * LANES, fullChunks, chaining);
            }
        });
        int firstScalar = padLastBatch ? fullChunks : wholeBatches * LANES;
        for (int c = firstScalar; c < chunks; c++) {
            int start = c * CHUNK_WORDS;
            int[] cv = chunk(words, start, Math.min(count, start + CHUNK_WORDS) - start, c, false, state);
            for (int w = 0; w < 8; w++) {
                chaining[w][c] = cv[w];
            }
        }
        return reduceToRoot(chaining, chunks, state);
    }

    /** Compresses the full chunks [first, first + LANES) (lanes past {@code fullChunks} repeat the last one and are dropped). */
    private static void chunkBatch(Blake3Lanes lanes, int[] words, int first, int fullChunks, int[][] out) {
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
     * BLAKE3's "left subtree holds the largest power of two chunks" (§2.5), and the last merge carries ROOT.
     */
    private static int[] reduceToRoot(int[][] level, int width, int[] state) {
        Blake3Lanes lanes = null;
        int[] block = new int[16];
        while (width > 2) {
            int pairs = width / 2;
            int[][] up = new int[8][(width + 1) / 2];
            for (int first = 0; first < pairs; first += LANES) {
                int count = Math.min(LANES, pairs - first);
                if (count < MIN_PADDED_BATCH) {
                    for (int p = first; p < first + count; p++) {
                        int[] cv = parent(level, 2 * p, block, PARENT, state);
                        for (int w = 0; w < 8; w++) {
                            up[w][p] = cv[w];
                        }
                    }
                    continue;
                }
                if (lanes == null) {
                    lanes = new Blake3Lanes();
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
        return parent(level, 0, block, PARENT | ROOT, state);
    }

    /** A parent node: the IV compressed with the two children's chaining values as its one block. */
    private static int[] parent(int[][] level, int left, int[] block, int flags, int[] state) {
        for (int w = 0; w < 8; w++) {
            block[w] = level[w][left];
            block[w + 8] = level[w][left + 1];
        }
        int[] cv = new int[8];
        Blake3Compression.startFromIv(cv);
        Blake3Compression.compress(cv, block, 0, 64, flags, state);
        return cv;
    }

    /** One chunk of {@code length} ≤ 256 words starting at {@code start}, compressed block by block. */
    private static int[] chunk(int[] words, int start, int length, long counter, boolean root, int[] state) {
        int blocks = Math.max(1, (length + 15) / 16);
        int[] cv = new int[8];
        int[] block = new int[16];
        Blake3Compression.startFromIv(cv);
        for (int b = 0; b < blocks; b++) {
            int inBlock = Math.min(16, length - b * 16);
            java.util.Arrays.fill(block, 0);
            if (inBlock > 0) {
                System.arraycopy(words, start + b * 16, block, 0, inBlock);
            }
            boolean last = b == blocks - 1;
            int flags = (b == 0 ? CHUNK_START : 0) | (last ? CHUNK_END : 0) | (last && root ? ROOT : 0);
            Blake3Compression.compress(cv, block, counter, Math.max(0, inBlock) * 4, flags, state);
        }
        return cv;
    }
}
