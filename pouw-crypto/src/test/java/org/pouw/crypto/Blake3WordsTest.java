package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every word-shaped entry point equals the byte-oriented BLAKE3 of the same bytes (and the official vectors). */
class Blake3WordsTest {
    private static final String EMPTY = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
    /** Word counts around block (16), chunk (256), padded-batch (8 chunks) and lane-batch (64 chunks) boundaries. */
    private static final int[] COUNTS = {
        0, 1, 15, 16, 17, 255, 256, 257, 511, 512, 513, 256 * 7, 256 * 7 + 3, 256 * 8, 256 * 8 + 1, 256 * 9,
        256 * 63, 256 * 64 - 1, 256 * 64, 256 * 64 + 1, 256 * 65, 256 * 72, 256 * 72 + 100, 256 * 128, 256 * 129 + 7,
        256 * 200 + 31,
    };
    /** Two threads that take the parts in reverse order: the result must not depend on who compresses what. */
    private static final RangeRunner TWO_THREADS_BACKWARDS = (count, task) -> {
        int half = count / 2;
        IntStream.of(1, 0).parallel().forEach(part -> {
            if (part == 0) {
                task.run(0, half);
            } else if (half < count) {
                task.run(half, count);
            }
        });
    };

    private final Blake3Words hasher = new Blake3Words();

    @Test
    void matchesTheOfficialVectorForTheEmptyInput() {
        assertThat(Hex.encode(hasher.hashBytes(new byte[0], 0, 0))).isEqualTo(EMPTY);
        assertThat(Hex.encode(Blake3Words.hashInts(new int[0], 0, RangeRunner.CALLER))).isEqualTo(EMPTY);
    }

    @Test
    void hashesBytesLikeTheReferenceForEveryLengthUpToBeyondOneChunk() {
        Random random = new Random(11);
        for (int length = 0; length <= 1100; length++) {
            byte[] input = new byte[length + 3];
            random.nextBytes(input);
            byte[] slice = Arrays.copyOfRange(input, 3, 3 + length);
            assertThat(hasher.hashBytes(input, 3, length)).as("length %d", length).isEqualTo(Blake3.hash(slice));
        }
    }

    @Test
    void hashesLongsAsTheirLittleEndianBytes() {
        Random random = new Random(12);
        for (int count = 0; count <= 140; count++) {
            long[] words = new long[count + 2];
            for (int i = 0; i < words.length; i++) {
                words[i] = random.nextLong();
            }
            byte[] bytes = new byte[count * 8];
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < 8; k++) {
                    bytes[8 * i + k] = (byte) (words[1 + i] >>> (8 * k));
                }
            }
            int[] out = new int[10];
            hasher.hashLongs(words, 1, count, out, 2);
            int[] expected = new int[8];
            Blake3Words.digestWords(Blake3.hash(bytes), expected, 0);
            assertThat(Arrays.copyOfRange(out, 2, 10)).as("count %d", count).isEqualTo(expected);
        }
    }

    @Test
    void hashesAPairOfDigestsAsTheir64Bytes() {
        byte[] left = Blake3.hash(new byte[] {1});
        byte[] right = Blake3.hash(new byte[] {2});
        int[] words = new int[24];
        Blake3Words.digestWords(left, words, 0);
        Blake3Words.digestWords(right, words, 8);
        hasher.hashPair(words, 0, words, 8, words, 16);
        assertThat(Blake3Words.digestBytes(words, 16)).isEqualTo(Blake3.hash(left, right));
    }

    @Test
    void hashesIntsAsTheirLittleEndianBytesOnAnyThreads() {
        SplittableRandom random = new SplittableRandom(1);
        for (int count : COUNTS) {
            int[] words = new int[count + 5];
            for (int i = 0; i < words.length; i++) {
                words[i] = random.nextInt();
            }
            String expected = Hex.encode(Blake3.hash(littleEndian(words, count)));
            assertThat(Hex.encode(Blake3Words.hashInts(words, count, RangeRunner.CALLER)))
                    .as("count %d", count).isEqualTo(expected);
            assertThat(Hex.encode(Blake3Words.hashInts(words, count, TWO_THREADS_BACKWARDS)))
                    .as("count %d, 2 threads", count).isEqualTo(expected);
        }
    }

    @Test
    void everyLaneComputesTheScalarCompression() {
        SplittableRandom random = new SplittableRandom(2);
        Blake3Lanes lanes = new Blake3Lanes();
        for (int i = 0; i < lanes.message.length; i++) {
            lanes.message[i] = random.nextInt();
        }
        for (int i = 0; i < lanes.chaining.length; i++) {
            lanes.chaining[i] = random.nextInt();
        }
        int[][] before = new int[Blake3Lanes.LANES][];
        int[][] blocks = new int[Blake3Lanes.LANES][16];
        for (int l = 0; l < Blake3Lanes.LANES; l++) {
            before[l] = new int[8];
            for (int w = 0; w < 8; w++) {
                before[l][w] = lanes.chaining[w * Blake3Lanes.LANES + l];
            }
            for (int w = 0; w < 16; w++) {
                blocks[l][w] = lanes.message[w * Blake3Lanes.LANES + l];
            }
        }
        long counterBase = (1L << 32) - 3; // lanes straddle the 32-bit boundary of the counter
        lanes.compress(counterBase, true, 61, Blake3Compression.CHUNK_START);
        for (int l = 0; l < Blake3Lanes.LANES; l++) {
            int[] cv = before[l].clone();
            Blake3Compression.compress(cv, blocks[l], counterBase + l, 61, Blake3Compression.CHUNK_START,
                    new int[Blake3Compression.STATE_WORDS]);
            for (int w = 0; w < 8; w++) {
                assertThat(lanes.chaining[w * Blake3Lanes.LANES + l]).as("lane %d word %d", l, w).isEqualTo(cv[w]);
            }
        }
    }

    private static byte[] littleEndian(int[] words, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(words, 0, count);
        return buffer.array();
    }
}
