package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Our BLAKE3 agrees with commons-codec's (which passes the official vectors) on every length and split. */
class Blake3HasherProperties {
    static byte[] reference(byte[] input) {
        return org.apache.commons.codec.digest.Blake3.initHash().update(input).doFinalize(32);
    }

    static byte[] pattern(int length) {
        // The official test vectors' input: byte i is i mod 251.
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++) {
            input[i] = (byte) (i % 251);
        }
        return input;
    }

    @Test
    void agreesOnEveryLengthAroundBlockAndChunkBoundaries() {
        for (int length = 0; length <= 3 * 1024 + 130; length++) {
            byte[] input = pattern(length);
            assertThat(Blake3.hash(input)).as("length " + length).isEqualTo(reference(input));
        }
        for (int length : new int[] {4095, 4096, 4097, 5120, 8192, 31744, 102400, 1 << 20}) {
            byte[] input = pattern(length);
            assertThat(Blake3.hash(input)).as("length " + length).isEqualTo(reference(input));
        }
    }

    @Test
    void matchesPublishedVectors() {
        // From the BLAKE3 specification's test vectors (input i mod 251), 32-byte hash.
        assertThat(Hex.encode(Blake3.hash(pattern(1))))
                .isEqualTo("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213");
        assertThat(Hex.encode(Blake3.hash(pattern(1024))))
                .isEqualTo("42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7");
    }

    @Property(tries = 200)
    void anySplitOfTheInputGivesTheSameHash(@ForAll @IntRange(max = 5000) int length, @ForAll long seed) {
        byte[] input = new byte[length];
        Random random = new Random(seed);
        random.nextBytes(input);
        Blake3.Incremental hasher = Blake3.incremental();
        int at = 0;
        while (at < length) {
            int take = Math.min(length - at, 1 + random.nextInt(700));
            hasher.update(input, at, take);
            at += take;
        }
        assertThat(hasher.digest()).isEqualTo(reference(input));
    }
}
