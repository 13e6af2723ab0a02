package org.pouw.gate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bounded memory of what the challenge key signed lately: exact pairs only, and never more than two generations. */
class RecentSignaturesTest {
    private static byte[] body(int i) {
        return ("{\"id\":\"" + i + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] signature(int i) {
        byte[] signature = new byte[64];
        signature[0] = (byte) i;
        signature[63] = (byte) (i >> 8);
        return signature;
    }

    @Test
    void remembersExactlyThePairsSignedAndNothingElse() {
        RecentSignatures recent = new RecentSignatures(100);
        recent.remember(body(1), signature(1));
        assertThat(recent.contains(body(1), signature(1))).isTrue();
        assertThat(recent.contains(body(1), signature(2))).as("another signature of a signed body").isFalse();
        assertThat(recent.contains(body(2), signature(1))).as("a signed signature on another body").isFalse();
        // Moving a byte across the split between body and signature makes another pair, though the bytes run alike.
        byte[] longer = java.util.Arrays.copyOf(body(1), body(1).length + 1);
        longer[longer.length - 1] = signature(1)[0];
        byte[] shorter = java.util.Arrays.copyOfRange(signature(1), 1, 64);
        assertThat(recent.contains(longer, shorter)).isFalse();
    }

    @Test
    void holdsTwoGenerationsAtMostSoTheOldestAreForgotten() {
        RecentSignatures recent = new RecentSignatures(4);
        for (int i = 0; i < 12; i++) {
            recent.remember(body(i), signature(i));
        }
        int remembered = 0;
        for (int i = 0; i < 12; i++) {
            if (recent.contains(body(i), signature(i))) {
                remembered++;
            }
        }
        assertThat(remembered).isLessThanOrEqualTo(8);
        assertThat(recent.contains(body(0), signature(0))).isFalse();
        assertThat(recent.contains(body(11), signature(11))).isTrue();
    }
}
