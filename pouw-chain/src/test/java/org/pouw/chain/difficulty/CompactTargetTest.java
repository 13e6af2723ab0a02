package org.pouw.chain.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CompactTargetTest {
    @Test
    void decodesKnownTargets() {
        assertThat(CompactTarget.decode(0x1d00ffff)).isEqualTo(BigInteger.valueOf(0xffff).shiftLeft(208));
        assertThat(CompactTarget.decode(0x01010000)).isEqualTo(BigInteger.ONE);
        assertThat(CompactTarget.decode(0x2100ffff)).isEqualTo(BigInteger.valueOf(0xffff).shiftLeft(240));
    }

    @Test
    void refusesNegativeOversizedAndNonCanonicalEncodings() {
        assertThatThrownBy(() -> CompactTarget.decode(0x1d80ffff)).hasMessageContaining("sign bit");
        assertThatThrownBy(() -> CompactTarget.decode(0x2200ffff)).hasMessageContaining("wider than 256 bits");
        // 0xff·256^27 is spelled 0x1d00ff00; the same number written with a zero-padded mantissa is refused.
        assertThatThrownBy(() -> CompactTarget.decode(0x1e0000ff)).hasMessageContaining("not canonical");
        assertThatThrownBy(() -> CompactTarget.encode(BigInteger.ONE.shiftLeft(256))).hasMessageContaining("2^256");
        assertThatThrownBy(() -> CompactTarget.encode(BigInteger.ONE.negate())).hasMessageContaining("2^256");
    }

    @Property
    void everyTargetEncodesCanonicallyAndRoundsDownToThreeBytes(@ForAll @IntRange(min = 0, max = 255) int shift,
                                                                @ForAll @IntRange(min = 1) int mantissa) {
        BigInteger target = BigInteger.valueOf(mantissa).shiftLeft(shift);
        if (target.bitLength() > 256) {
            return;
        }
        int bits = CompactTarget.encode(target);
        BigInteger decoded = CompactTarget.decode(bits);
        assertThat(decoded).isLessThanOrEqualTo(target);
        assertThat(CompactTarget.encode(decoded)).isEqualTo(bits);
        assertThat(decoded.bitLength()).isEqualTo(target.bitLength());
    }

    @Property
    void anyIntEitherDecodesToItsOwnCanonicalFormOrIsRefused(@ForAll int bits) {
        BigInteger target;
        try {
            target = CompactTarget.decode(bits);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertThat(CompactTarget.encode(target)).isEqualTo(bits);
    }
}
