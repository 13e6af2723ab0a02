package org.pouw.stark.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

class Blake3WordsTest {
    private final Blake3Words hasher = new Blake3Words();

    @Test
    void matchesTheOfficialVectorForTheEmptyInput() {
        assertThat(Hex.encode(hasher.hashBytes(new byte[0], 0, 0)))
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    }

    @Test
    void agreesWithTheReferenceForEveryLengthUpToBeyondOneChunk() {
        Random random = new Random(11);
        for (int length = 0; length <= 1100; length++) {
            byte[] input = new byte[length + 3];
            random.nextBytes(input);
            byte[] slice = java.util.Arrays.copyOfRange(input, 3, 3 + length);
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
            assertThat(java.util.Arrays.copyOfRange(out, 2, 10)).as("count %d", count).isEqualTo(expected);
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
}
