package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The field operations agree with BigInteger arithmetic modulo p and always return canonical values; the
 * constants the STARK relies on (generator, two-adicity, roots of unity) are what they claim.
 */
class GoldilocksProperties {
    private static final BigInteger P = new BigInteger("18446744069414584321");

    /** Canonical elements, many of them from the values where carries, borrows and reductions go wrong. */
    @Provide
    Arbitrary<Long> elements() {
        Arbitrary<Long> edges = Arbitraries.of(0L, 1L, 2L, Goldilocks.P - 1, Goldilocks.P - 2, 0xFFFF_FFFFL, 1L << 32,
                (1L << 32) + 1, 1L << 63, (1L << 63) - 1, Goldilocks.P - 0xFFFF_FFFFL, 0xFFFF_FFFE_FFFF_FFFFL);
        Arbitrary<Long> uniform = Arbitraries.longs().filter(Goldilocks::isCanonical);
        Arbitrary<Long> small = Arbitraries.longs().between(0, 1000);
        return Arbitraries.frequencyOf(Tuple.of(1, edges), Tuple.of(2, uniform), Tuple.of(1, small));
    }

    private static BigInteger big(long unsigned) {
        return new BigInteger(Long.toUnsignedString(unsigned));
    }

    private static void assertCanonicalEquals(long actual, BigInteger expected) {
        assertThat(Goldilocks.isCanonical(actual)).as("canonical").isTrue();
        assertThat(big(actual)).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void addMatchesReference(@ForAll("elements") long a, @ForAll("elements") long b) {
        assertCanonicalEquals(Goldilocks.add(a, b), big(a).add(big(b)).mod(P));
    }

    @Property(tries = 2000)
    void subMatchesReference(@ForAll("elements") long a, @ForAll("elements") long b) {
        assertCanonicalEquals(Goldilocks.sub(a, b), big(a).subtract(big(b)).mod(P));
    }

    @Property(tries = 2000)
    void mulMatchesReference(@ForAll("elements") long a, @ForAll("elements") long b) {
        assertCanonicalEquals(Goldilocks.mul(a, b), big(a).multiply(big(b)).mod(P));
    }

    @Property
    void negMatchesReference(@ForAll("elements") long a) {
        assertCanonicalEquals(Goldilocks.neg(a), big(a).negate().mod(P));
    }

    @Property(tries = 2000)
    void reduces128BitValues(@ForAll long hi, @ForAll long lo) {
        assertCanonicalEquals(Goldilocks.reduce128(hi, lo), big(hi).shiftLeft(64).add(big(lo)).mod(P));
    }

    @Property
    void inverseTimesValueIsOne(@ForAll("elements") long a) {
        long inverse = Goldilocks.inverseOrZero(a);
        if (a == 0) {
            assertThat(inverse).isZero();
        } else {
            assertCanonicalEquals(inverse, big(a).modInverse(P));
            assertThat(Goldilocks.mul(a, inverse)).isEqualTo(1);
            assertThat(Goldilocks.inverse(a)).isEqualTo(inverse);
        }
    }

    @Test
    void inverseOfZeroIsRefusedUnlessZeroIsAsked() {
        assertThatThrownBy(() -> Goldilocks.inverse(0)).isInstanceOf(ArithmeticException.class);
        assertThat(Goldilocks.inverseOrZero(0)).isZero();
    }

    @Property(tries = 300)
    void powMatchesReference(@ForAll("elements") long base, @ForAll long exponent) {
        assertCanonicalEquals(Goldilocks.pow(base, exponent), big(base).modPow(big(exponent), P));
    }

    @Property
    void reduceMatchesReferenceForEveryBitPattern(@ForAll long any) {
        assertCanonicalEquals(Goldilocks.reduce(any), big(any).mod(P));
    }

    @Property
    void canonicalMeansBelowP(@ForAll long any) {
        assertThat(Goldilocks.isCanonical(any)).isEqualTo(big(any).compareTo(P) < 0);
    }

    @Property
    void mulReducesProductsOfAnyWordsNotJustCanonicalOnes(@ForAll long a, @ForAll long b) {
        // The 128-bit reduction does not rely on canonical inputs; the STARK leans on that.
        assertCanonicalEquals(Goldilocks.mul(a, b), big(a).multiply(big(b)).mod(P));
    }

    @Test
    void sevenGeneratesTheMultiplicativeGroup() {
        long[] primeFactorsOfPMinusOne = {2, 3, 5, 17, 257, 65537};
        BigInteger order = P.subtract(BigInteger.ONE);
        for (long q : primeFactorsOfPMinusOne) {
            assertThat(order.mod(BigInteger.valueOf(q))).isEqualTo(BigInteger.ZERO);
            long e = order.divide(BigInteger.valueOf(q)).longValue();
            assertThat(Goldilocks.pow(Goldilocks.GENERATOR, e)).as("7^((p-1)/%d)", q).isNotEqualTo(1);
        }
    }

    @Test
    void rootsOfUnityHaveExactlyTheirOrder() {
        for (int k = 0; k <= Goldilocks.TWO_ADICITY; k++) {
            long root = Goldilocks.rootOfUnity(k);
            assertThat(Goldilocks.pow(root, 1L << k)).isEqualTo(1);
            if (k > 0) {
                assertThat(Goldilocks.pow(root, 1L << (k - 1))).isEqualTo(Goldilocks.P - 1);
            }
        }
    }

    @Test
    void canonicalityIsTheUnsignedRangeBelowP() {
        assertThat(Goldilocks.isCanonical(Goldilocks.P - 1)).isTrue();
        assertThat(Goldilocks.isCanonical(Goldilocks.P)).isFalse();
        assertThat(Goldilocks.isCanonical(-1L)).isFalse();
    }
}
