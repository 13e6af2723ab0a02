package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cached signer gives RFC 8032's deterministic signatures, byte for byte those of {@code KeyPair.sign}. */
class SigningKeyTest {
    @Test
    void itSignsExactlyAsTheKeyPairDoes() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            Ed25519.KeyPair pair = Ed25519.KeyPair.generate();
            SigningKey key = new SigningKey(pair);
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            assertThat(key.sign(message)).isEqualTo(pair.sign(message));
            assertThat(key.publicKey()).isEqualTo(pair.publicKey());
            assertThat(Ed25519.verify(pair.publicKey(), message, key.sign(message))).isTrue();
        }
        assertThat(new SigningKey(Ed25519.KeyPair.generate()).toString()).doesNotContain("0x").contains("redacted");
    }
}
