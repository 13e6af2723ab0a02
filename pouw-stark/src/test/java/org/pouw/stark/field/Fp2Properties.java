package org.pouw.stark.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.stark.field.FieldArbitraries.big;
import static org.pouw.stark.field.FieldArbitraries.fromBig;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;

class Fp2Properties {
    @Provide
    Arbitrary<Fp2> ext() {
        return Combinators.combine(FieldArbitraries.elements(), FieldArbitraries.elements()).as(Fp2::new);
    }

    @Property(tries = 1000)
    void multiplicationMatchesSchoolbookReductionModUSquaredMinusSeven(@ForAll("ext") Fp2 a, @ForAll("ext") Fp2 b) {
        BigInteger a0 = big(a.c0());
        BigInteger a1 = big(a.c1());
        BigInteger b0 = big(b.c0());
        BigInteger b1 = big(b.c1());
        long c0 = fromBig(a0.multiply(b0).add(a1.multiply(b1).multiply(BigInteger.valueOf(7))));
        long c1 = fromBig(a0.multiply(b1).add(a1.multiply(b0)));
        assertThat(a.mul(b)).isEqualTo(new Fp2(c0, c1));
        long[] out = new long[2];
        Fp2.mulInto(a.c0(), a.c1(), b.c0(), b.c1(), out, 0);
        assertThat(new Fp2(out[0], out[1])).isEqualTo(a.mul(b));
    }

    @Property(tries = 500)
    void inverseIsAMultiplicativeInverse(@ForAll("ext") Fp2 a) {
        if (a.isZero()) {
            return;
        }
        assertThat(a.mul(a.inverse())).isEqualTo(Fp2.ONE);
    }

    @Property(tries = 300)
    void ringLaws(@ForAll("ext") Fp2 a, @ForAll("ext") Fp2 b, @ForAll("ext") Fp2 c) {
        assertThat(a.mul(b.add(c))).isEqualTo(a.mul(b).add(a.mul(c)));
        assertThat(a.mul(b).mul(c)).isEqualTo(a.mul(b.mul(c)));
        assertThat(a.sub(b).add(b)).isEqualTo(a);
    }

    @Test
    void sevenIsAQuadraticNonResidueSoTheExtensionIsAField() {
        assertThat(Goldilocks.pow(Fp2.W, (Goldilocks.P - 1) >>> 1)).isEqualTo(Goldilocks.P - 1);
    }

    @Test
    void batchInversionAgreesWithSingleInversion() {
        Random random = new Random(1);
        long[] base = new long[257];
        long[] re = new long[257];
        long[] im = new long[257];
        for (int i = 0; i < base.length; i++) {
            base[i] = Goldilocks.reduce(random.nextLong()) | 1;
            re[i] = Goldilocks.reduce(random.nextLong());
            im[i] = Goldilocks.reduce(random.nextLong()) | 1;
        }
        long[] baseInv = base.clone();
        BatchInversion.invertInPlace(baseInv);
        ExtVector inverses = new ExtVector(new long[][] {re.clone(), im.clone()});
        BatchInversion.invertInPlace(inverses, 0, re.length);
        for (int i = 0; i < base.length; i++) {
            assertThat(baseInv[i]).isEqualTo(Goldilocks.inverse(base[i]));
            assertThat(inverses.get(i)).isEqualTo(new Fp2(re[i], im[i]).inverse());
        }
    }
}
