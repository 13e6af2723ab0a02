package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the verifier random, truncated and mutated proofs: it must answer "invalid" every time, never throw, never
 * report an internal error, and never hang.
 */
class VerifierFuzzTest {
    private static final byte[] PROOF = HashChainStark.prove(FixedBinding.BINDING,
            new long[] {9, 8, 7, 6}, 4, HashChainStark.OPTIONS_96,
            ProverProgress.NONE);

    private static void assertRefused(byte[] bytes, String what) {
        StarkVerdict verdict = StarkVerifier.verify(bytes);
        assertThat(verdict.valid()).as(what).isFalse();
        assertThat(verdict.reason()).as(what + ": " + verdict).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
    }

    @Test
    void randomBytesAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Random random = new Random(1);
            assertRefused(new byte[0], "empty");
            assertRefused(null, "null");
            for (int trial = 0; trial < 2000; trial++) {
                byte[] bytes = new byte[random.nextInt(3000)];
                random.nextBytes(bytes);
                if (trial % 2 == 0 && bytes.length >= 12) {
                    System.arraycopy(PROOF, 0, bytes, 0, 12); // valid magic, version and air id
                }
                assertRefused(bytes, "random " + trial);
            }
        });
    }

    @Test
    void everyTruncationIsRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int length = 0; length < PROOF.length; length += length < 400 ? 1 : 97) {
                assertRefused(Arrays.copyOf(PROOF, length), "truncated to " + length);
            }
            byte[] longer = Arrays.copyOf(PROOF, PROOF.length + 1);
            assertRefused(longer, "one trailing byte");
        });
    }

    @Test
    void mutatedProofsAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(3);
            for (int trial = 0; trial < 1500; trial++) {
                assertRefused(mutate(PROOF, random), "mutation " + trial);
            }
        });
    }

    /** One to four edits: byte changes, 0xFF/0x00 runs over length fields, insertions, deletions, splices. */
    static byte[] mutate(byte[] proof, Random random) {
        byte[] bytes = proof.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int position = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[position] ^= (byte) (1 + random.nextInt(255));
                case 1 -> Arrays.fill(bytes, position, Math.min(bytes.length, position + 1 + random.nextInt(8)),
                        random.nextBoolean() ? (byte) 0xFF : 0);
                case 2 -> {
                    byte[] longer = new byte[bytes.length + 1 + random.nextInt(16)];
                    System.arraycopy(bytes, 0, longer, 0, position);
                    System.arraycopy(bytes, position, longer, longer.length - (bytes.length - position),
                            bytes.length - position);
                    bytes = longer;
                }
                case 3 -> {
                    int cut = Math.min(bytes.length - position, 1 + random.nextInt(64));
                    byte[] shorter = new byte[bytes.length - cut];
                    System.arraycopy(bytes, 0, shorter, 0, position);
                    System.arraycopy(bytes, position + cut, shorter, position, bytes.length - position - cut);
                    bytes = shorter;
                }
                default -> {
                    int from = random.nextInt(bytes.length);
                    int length = Math.min(32, Math.min(bytes.length - from, bytes.length - position));
                    System.arraycopy(proof, Math.min(from, proof.length - length), bytes, position, length);
                }
            }
            if (bytes.length == 0) {
                return bytes;
            }
        }
        if (Arrays.equals(bytes, proof)) {
            bytes[random.nextInt(bytes.length)] ^= 1;
        }
        return bytes;
    }
}
