package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The field operations agree with BigInteger arithmetic modulo p and always return canonical values. */
class GoldilocksProperties {
    private static final BigInteger P = new BigInteger("18446744069414584321");

    @Provide
    Arbitrary<Long> elements() {
        return VmArbitraries.elements();
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

    @Property
    void inverseTimesValueIsOne(@ForAll("elements") long a) {
        long inverse = Goldilocks.inverse(a);
        if (a == 0) {
            assertThat(inverse).isZero();
        } else {
            assertCanonicalEquals(inverse, big(a).modInverse(P));
            assertThat(Goldilocks.mul(a, inverse)).isEqualTo(1);
        }
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
        // The 128-bit reduction does not rely on canonical inputs; the STARK module may lean on that.
        assertCanonicalEquals(Goldilocks.mul(a, b), big(a).multiply(big(b)).mod(P));
    }
}
