package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * Verification with keys decoded once ({@link DecodedEd25519Keys}): the verdicts are those of a key decoded afresh —
 * a kept key verifies its own signatures and refuses another key's, a key that is no curve point is refused every
 * time and never kept, and the store stays within its bound under a stream of fresh keys.
 */
class DecodedEd25519KeysTest {
    private static final byte[] MESSAGE = "a receipt's hash data".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aKeptKeyVerifiesItsOwnSignaturesAndNoOtherKeys() {
        Ed25519.KeyPair alice = Ed25519.KeyPair.generate();
        Ed25519.KeyPair bob = Ed25519.KeyPair.generate();
        byte[] byAlice = alice.sign(MESSAGE);
        for (int i = 0; i < 3; i++) { // the first call decodes, the later ones use the kept key
            assertThat(Ed25519.verify(alice.publicKey(), MESSAGE, byAlice)).isTrue();
            assertThat(Ed25519.verify(bob.publicKey(), MESSAGE, byAlice)).isFalse();
            assertThat(Ed25519.verify(alice.publicKey(), "another message".getBytes(StandardCharsets.US_ASCII),
                    byAlice)).isFalse();
        }
    }

    @Test
    void aKeyThatIsNoCurvePointIsRefusedEveryTimeAndNeverKept() {
        Ed25519.KeyPair alice = Ed25519.KeyPair.generate();
        byte[] signature = alice.sign(MESSAGE);
        byte[] notAPoint = firstKeyBouncyCastleCanNotDecode();
        int before = DecodedEd25519Keys.size();
        for (int i = 0; i < 3; i++) {
            assertThat(Ed25519.verify(notAPoint, MESSAGE, signature)).isFalse();
        }
        assertThat(DecodedEd25519Keys.size()).isLessThanOrEqualTo(before);
    }

    /** About half of all y have no x on the curve; the first such small y, as BouncyCastle judges it. */
    private static byte[] firstKeyBouncyCastleCanNotDecode() {
        for (int y = 2; y < 1_000; y++) {
            byte[] key = new byte[32];
            key[0] = (byte) y;
            key[1] = (byte) (y >> 8);
            try {
                new Ed25519PublicKeyParameters(key, 0);
            } catch (IllegalArgumentException notAPoint) {
                return key;
            }
        }
        throw new AssertionError("every small y decoded, which no curve allows");
    }

    @Test
    void aStreamOfFreshKeysStaysWithinTheBoundAndStillVerifies() {
        byte[] seed = new byte[32];
        for (int i = 0; i < DecodedEd25519Keys.CAPACITY + 50; i++) {
            Arrays.fill(seed, (byte) 0);
            seed[0] = (byte) i;
            seed[1] = (byte) (i >> 8);
            Ed25519.KeyPair pair = Ed25519.KeyPair.fromPrivateKey(seed);
            if (i % 500 == 0) {
                assertThat(Ed25519.verify(pair.publicKey(), MESSAGE, pair.sign(MESSAGE))).isTrue();
            } else {
                Ed25519.verify(pair.publicKey(), MESSAGE, new byte[64]);
            }
            assertThat(DecodedEd25519Keys.size()).isLessThanOrEqualTo(DecodedEd25519Keys.CAPACITY);
        }
    }
}
