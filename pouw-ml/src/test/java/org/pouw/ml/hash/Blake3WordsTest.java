package org.pouw.ml.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;
import org.pouw.ml.tensor.ThreadTeam;

class Blake3WordsTest {
    /** Word counts around block (16), chunk (256), padded-batch (8 chunks) and lane-batch (64 chunks) boundaries. */
    private static final int[] COUNTS = {
        0, 1, 15, 16, 17, 255, 256, 257, 511, 512, 513, 256 * 7, 256 * 7 + 3, 256 * 8, 256 * 8 + 1, 256 * 9,
        256 * 63, 256 * 64 - 1, 256 * 64, 256 * 64 + 1, 256 * 65, 256 * 72, 256 * 72 + 100, 256 * 128, 256 * 129 + 7,
        256 * 200 + 31,
    };

    @Test
    void equalsTheReferenceBlake3OfTheLittleEndianBytes() {
        SplittableRandom random = new SplittableRandom(1);
        try (ThreadTeam two = ThreadTeam.of(2)) {
            for (int count : COUNTS) {
                int[] words = new int[count + 5];
                for (int i = 0; i < words.length; i++) {
                    words[i] = random.nextInt();
                }
                String expected = Hex.encode(Blake3.hash(littleEndian(words, count)));
                assertThat(Blake3Words.hash(words, count).hex()).as("count %d", count).isEqualTo(expected);
                assertThat(Blake3Words.hash(words, count, two).hex()).as("count %d, 2 threads", count).isEqualTo(expected);
            }
        }
    }

    @Test
    void emptyInputIsTheOfficialEmptyHash() {
        // BLAKE3 test vector for the empty input (official test_vectors.json, input_len 0).
        assertThat(Blake3Words.hash(new int[0], 0).hex())
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    }

    private static byte[] littleEndian(int[] words, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(words, 0, count);
        return buffer.array();
    }
}
