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

/** F_p³ = F_p[x]/(x³ − x − 1) against a naive reference: schoolbook polynomial product, then long division. */
class Fp3Properties {
    @Provide
    Arbitrary<Fp3> ext() {
        return Combinators.combine(FieldArbitraries.elements(), FieldArbitraries.elements(), FieldArbitraries.elements())
                .as(Fp3::new);
    }

    /** (a·b) mod (x³ − x − 1) over the integers mod p, with the division spelled out term by term. */
    private static Fp3 reference(Fp3 a, Fp3 b) {
        BigInteger[] product = new BigInteger[5];
        java.util.Arrays.fill(product, BigInteger.ZERO);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                product[i + j] = product[i + j].add(big(a.coefficient(i)).multiply(big(b.coefficient(j))));
            }
        }
        // the leading term t·x^k (k ≥ 3) equals t·x^{k−2} + t·x^{k−3}, since x³ = x + 1
        for (int k = 4; k >= 3; k--) {
            product[k - 2] = product[k - 2].add(product[k]);
            product[k - 3] = product[k - 3].add(product[k]);
            product[k] = BigInteger.ZERO;
        }
        return new Fp3(fromBig(product[0]), fromBig(product[1]), fromBig(product[2]));
    }

    @Property(tries = 1000)
    void multiplicationMatchesPolynomialProductModXCubedMinusXMinusOne(@ForAll("ext") Fp3 a, @ForAll("ext") Fp3 b) {
        assertThat(a.mul(b)).isEqualTo(reference(a, b));
        long[] out = new long[3];
        ExtensionField.CUBIC.mul(a.coefficients(), b.coefficients(), out);
        assertThat(ExtensionField.CUBIC.element(out)).isEqualTo(reference(a, b));
    }

    @Property(tries = 500)
    void inverseIsAMultiplicativeInverseAndTheNormIsItsDeterminant(@ForAll("ext") Fp3 a) {
        if (a.isZero()) {
            return;
        }
        assertThat(a.mul(a.inverse())).isEqualTo(Fp3.ONE);
        long[] adjugate = new long[3];
        ExtensionField.CUBIC.adjugate(a.coefficients(), adjugate);
        assertThat(a.mul(ExtensionField.CUBIC.element(adjugate))).isEqualTo(Fp3.of(Fp3.norm(a.c0(), a.c1(), a.c2())));
    }

    @Property(tries = 300)
    void ringLaws(@ForAll("ext") Fp3 a, @ForAll("ext") Fp3 b, @ForAll("ext") Fp3 c) {
        assertThat(a.mul(b.add(c))).isEqualTo(a.mul(b).add(a.mul(c)));
        assertThat(a.mul(b).mul(c)).isEqualTo(a.mul(b.mul(c)));
        assertThat(a.mul(b)).isEqualTo(b.mul(a));
        assertThat(a.sub(b).add(b)).isEqualTo(a);
        assertThat(a.add(a.neg())).isEqualTo(Fp3.ZERO);
        assertThat(a.mul(7)).isEqualTo(a.mul(Fp3.of(7)));
        assertThat(a.add(5).sub(Fp3.of(5))).isEqualTo(a);
    }

    @Property(tries = 200)
    void powMatchesRepeatedMultiplication(@ForAll("ext") Fp3 a) {
        Fp3 repeated = Fp3.ONE;
        for (int e = 0; e < 20; e++) {
            assertThat(a.pow(e)).isEqualTo(repeated);
            repeated = repeated.mul(a);
        }
    }

    @Test
    void xCubedMinusXMinusOneHasNoRootSoTheExtensionIsAField() {
        Fp3 x = new Fp3(0, 1, 0);
        // a cubic is irreducible iff it has no root in F_p iff gcd(x^p − x, x³ − x − 1) = 1, i.e. x^p − x is a unit
        Fp3 frobenius = x.pow(Goldilocks.P);
        assertThat(Fp3.norm(frobenius.sub(x).c0(), frobenius.sub(x).c1(), frobenius.sub(x).c2())).isNotZero();
        assertThat(frobenius.pow(Goldilocks.P).pow(Goldilocks.P)).isEqualTo(x);
        assertThat(x.mul(x).mul(x)).isEqualTo(x.add(1));
    }

    @Test
    void batchInversionAgreesWithSingleInversion() {
        Random random = new Random(3);
        long[][] parts = new long[3][129];
        for (int i = 0; i < 129; i++) {
            for (int k = 0; k < 3; k++) {
                parts[k][i] = Goldilocks.reduce(random.nextLong());
            }
            parts[2][i] |= 1;
        }
        ExtVector values = new ExtVector(parts);
        ExtVector inverses = new ExtVector(new long[][] {parts[0].clone(), parts[1].clone(), parts[2].clone()});
        BatchInversion.invertInPlace(inverses, 0, 129);
        for (int i = 0; i < 129; i++) {
            assertThat(inverses.get(i)).isEqualTo(values.get(i).inverse());
        }
    }

    @Test
    void fieldsAreChosenByDegreeOnly() {
        assertThat(ExtensionField.ofDegree(2)).isEqualTo(ExtensionField.QUADRATIC);
        assertThat(ExtensionField.ofDegree(3).one()).isEqualTo(Fp3.ONE);
        assertThat(ExtensionField.CUBIC.of(9)).isEqualTo(Fp3.of(9));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExtensionField.ofDegree(4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
