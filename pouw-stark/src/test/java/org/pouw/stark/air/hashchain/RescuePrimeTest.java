package org.pouw.stark.air.hashchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.field.DotProduct;

/**
 * Test vectors for Rescue-Prime over Goldilocks. The Rp64_256 vectors were computed by an independent
 * straight-from-the-paper implementation (Python, hashlib's SHAKE256, BigInteger-style arithmetic); the width-16
 * constants are those published for the same derivation with (m, capacity, security, rounds) = (16, 6, 160, 8) in
 * Neptune's twenty-first library, which confirms the constant derivation itself.
 */
class RescuePrimeTest {
    private final RescuePrime rescue = new RescuePrime(RescuePrimeParameters.RP64_256);

    @Test
    void constantDerivationMatchesAPublishedWidth16Instance() {
        RescuePrimeParameters width16 = RescuePrimeParameters.derive(16, 6, 160, 8);
        assertThat(Long.toUnsignedString(width16.mds()[0][0])).isEqualTo("5910257123858819639");
        assertThat(Long.toUnsignedString(width16.mds()[0][1])).isEqualTo("3449115226714951713");
        assertThat(Long.toUnsignedString(width16.mdsInverse()[0][0])).isEqualTo("1572742562154761373");
        assertThat(Long.toUnsignedString(width16.firstHalfConstant(0, 0))).isEqualTo("3006656781416918236");
        assertThat(Long.toUnsignedString(width16.firstHalfConstant(0, 1))).isEqualTo("4369161505641058227");
    }

    @Test
    void rp64_256ConstantsMatchTheIndependentDerivation() {
        RescuePrimeParameters p = RescuePrimeParameters.RP64_256;
        assertThat(p.width()).isEqualTo(12);
        assertThat(p.rate()).isEqualTo(8);
        assertThat(p.rounds()).isEqualTo(7);
        assertThat(Long.toUnsignedString(p.alphaInverse())).isEqualTo("10540996611094048183");
        assertThat(Long.toUnsignedString(p.mds()[0][0])).isEqualTo("2108866337646019936");
        assertThat(Long.toUnsignedString(p.mds()[11][11])).isEqualTo("5548519654341606996");
        assertThat(Long.toUnsignedString(p.firstHalfConstant(0, 0))).isEqualTo("16089809142501829443");
        assertThat(Long.toUnsignedString(p.secondHalfConstant(6, 11))).isEqualTo("16579617335735550589");
    }

    @Test
    void hashTestVectors() {
        assertThat(unsigned(rescue.hash(new long[] {0, 0, 0, 0}))).containsExactly("2383137568517980214",
                "9784034673717777403", "10372590803747373547", "6941051029090180502");
        assertThat(unsigned(rescue.hash(new long[] {1, 2, 3, 4}))).containsExactly("7883639100721473302",
                "3031581637653774448", "3189268633938901094", "1697535035547044515");
        assertThat(unsigned(rescue.hash(new long[] {0, 1, 2, 3, 4, 5, 6, 7}))).containsExactly(
                "16078985878249804777", "9095985277712431740", "16935603565658059678", "1349632960645187895");
    }

    @Test
    void hashChainTestVector() {
        assertThat(unsigned(HashChain.run(new long[] {1, 2, 3, 4}, 10))).containsExactly("8720576007914013695",
                "15120638019134594347", "7391578650439725214", "15887854830188773621");
        assertThat(HashChain.run(new long[] {1, 2, 3, 4}, 0)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void inverseSboxChainIsTheSeventhRoot() {
        Random random = new Random(9);
        long[] state = new long[12];
        for (int trial = 0; trial < 50; trial++) {
            for (int j = 0; j < 12; j++) {
                state[j] = trial == 0 && j < 3 ? j : Goldilocks.reduce(random.nextLong());
            }
            long[] roots = state.clone();
            rescue.inverseSbox(roots);
            for (int j = 0; j < 12; j++) {
                assertThat(roots[j]).isEqualTo(RescuePrime.inverseSboxByPow(state[j], RescuePrimeParameters.RP64_256));
                assertThat(RescuePrime.power7(roots[j])).isEqualTo(state[j]);
            }
        }
    }

    @Test
    void mdsInverseInvertsTheMds() {
        long[][] m = RescuePrimeParameters.RP64_256.mds();
        long[][] inverse = RescuePrimeParameters.RP64_256.mdsInverse();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                long sum = 0;
                for (int k = 0; k < 12; k++) {
                    sum = Goldilocks.add(sum, Goldilocks.mul(m[i][k], inverse[k][j]));
                }
                assertThat(sum).isEqualTo(i == j ? 1 : 0);
            }
        }
    }

    @Test
    void lazilyReducedDotProductAgreesWithTheFieldSum() {
        Random random = new Random(10);
        for (int trial = 0; trial < 200; trial++) {
            long[] a = new long[12];
            long[] b = new long[12];
            long expected = 0;
            for (int k = 0; k < 12; k++) {
                a[k] = trial == 0 ? Goldilocks.P - 1 : Goldilocks.reduce(random.nextLong());
                b[k] = trial == 0 ? Goldilocks.P - 1 : Goldilocks.reduce(random.nextLong());
                expected = Goldilocks.add(expected, Goldilocks.mul(a[k], b[k]));
            }
            assertThat(DotProduct.dot(a, b)).isEqualTo(expected);
        }
    }

    private static String[] unsigned(long[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Long.toUnsignedString(values[i]);
        }
        return out;
    }
}
