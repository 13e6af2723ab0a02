package org.pouw.stark.field;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.pouw.crypto.Goldilocks;

/** Generators of canonical field elements that favour the edges where carries and borrows happen. */
public final class FieldArbitraries {
    public static final BigInteger P = new BigInteger(Long.toUnsignedString(Goldilocks.P));

    private FieldArbitraries() {
    }

    public static Arbitrary<Long> elements() {
        Arbitrary<Long> edges = Arbitraries.of(0L, 1L, 2L, Goldilocks.P - 1, Goldilocks.P - 2, 0xFFFF_FFFFL,
                0x1_0000_0000L, 0x1_0000_0001L, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFF_FFFE_FFFF_FFFFL);
        Arbitrary<Long> random = Arbitraries.longs().map(Goldilocks::reduce);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, edges), net.jqwik.api.Tuple.of(4, random));
    }

    public static BigInteger big(long canonical) {
        return new BigInteger(Long.toUnsignedString(canonical));
    }

    public static long fromBig(BigInteger value) {
        return value.mod(P).longValue();
    }
}
