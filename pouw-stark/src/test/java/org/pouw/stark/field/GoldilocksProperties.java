package org.pouw.stark.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.stark.field.FieldArbitraries.P;
import static org.pouw.stark.field.FieldArbitraries.big;
import static org.pouw.stark.field.FieldArbitraries.fromBig;

import java.math.BigInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GoldilocksProperties {
    @Provide
    Arbitrary<Long> element() {
        return FieldArbitraries.elements();
    }

    @Property(tries = 2000)
    void addSubMulAgreeWithBigInteger(@ForAll("element") long a, @ForAll("element") long b) {
        assertThat(Goldilocks.add(a, b)).isEqualTo(fromBig(big(a).add(big(b))));
        assertThat(Goldilocks.sub(a, b)).isEqualTo(fromBig(big(a).subtract(big(b))));
        assertThat(Goldilocks.mul(a, b)).isEqualTo(fromBig(big(a).multiply(big(b))));
        assertThat(Goldilocks.neg(a)).isEqualTo(fromBig(big(a).negate()));
    }

    @Property(tries = 2000)
    void reduces128BitValues(@ForAll long hi, @ForAll long lo) {
        BigInteger value = new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64)
                .add(new BigInteger(Long.toUnsignedString(lo)));
        assertThat(Goldilocks.reduce128(hi, lo)).isEqualTo(fromBig(value));
    }

    @Property(tries = 300)
    void inverseIsAMultiplicativeInverse(@ForAll("element") long a) {
        if (a == 0) {
            return;
        }
        assertThat(Goldilocks.mul(a, Goldilocks.inverse(a))).isEqualTo(1);
    }

    @Property(tries = 300)
    void powAgreesWithBigInteger(@ForAll("element") long a, @ForAll long e) {
        BigInteger exponent = new BigInteger(Long.toUnsignedString(e));
        assertThat(Goldilocks.pow(a, e)).isEqualTo(fromBig(big(a).modPow(exponent, P)));
    }

    @Test
    void inverseOfZeroIsRefused() {
        assertThatThrownBy(() -> Goldilocks.inverse(0)).isInstanceOf(ArithmeticException.class);
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
