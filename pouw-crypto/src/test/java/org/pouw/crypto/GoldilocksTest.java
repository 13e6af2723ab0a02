package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoldilocksTest {
    private static final long P = Goldilocks.P;

    @Test
    void modulusIsTwoToThe64MinusTwoToThe32PlusOne() {
        assertThat(Long.toUnsignedString(P)).isEqualTo("18446744069414584321");
    }

    @Test
    void edgeCases() {
        assertThat(Goldilocks.add(P - 1, 1)).isZero();
        assertThat(Goldilocks.add(P - 1, P - 1)).isEqualTo(P - 2);
        assertThat(Goldilocks.sub(0, 1)).isEqualTo(P - 1);
        assertThat(Goldilocks.mul(P - 1, P - 1)).isEqualTo(1);
        assertThat(Goldilocks.mul(1L << 32, 1L << 32)).as("2^64 ≡ 2^32 − 1").isEqualTo(0xFFFF_FFFFL);
        assertThat(Goldilocks.mul(Goldilocks.mul(1L << 32, 1L << 32), 1L << 32)).as("2^96 ≡ −1").isEqualTo(P - 1);
        assertThat(Goldilocks.neg(0)).isZero();
        assertThat(Goldilocks.inverseOrZero(0)).isZero();
        assertThat(Goldilocks.inverse(2)).isEqualTo((P >>> 1) + 1);
        assertThat(Goldilocks.reduce(-1L)).isEqualTo(0xFFFF_FFFEL);
        assertThat(Goldilocks.isCanonical(P)).isFalse();
        assertThat(Goldilocks.isCanonical(P - 1)).isTrue();
        assertThat(Goldilocks.pow(7, P - 1)).as("Fermat").isEqualTo(1);
        assertThat(Goldilocks.toString(P - 1)).isEqualTo("18446744069414584320");
    }
}
