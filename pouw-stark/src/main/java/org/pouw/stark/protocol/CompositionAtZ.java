package org.pouw.stark.protocol;

import java.util.List;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.AuxAssertion;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Goldilocks;
import org.pouw.stark.poly.Horner;
import org.pouw.stark.poly.Ntt;
import org.pouw.stark.proof.OodFrame;

/**
 * The out-of-domain consistency check (ALI): the composition polynomial H evaluated at z from the constraints
 * applied to the claimed trace values at z and zω must equal the value the composition columns claim,
 * Σ_k z^{k·n}·H_k(z). The coefficient order matches the prover's composition evaluator.
 */
public final class CompositionAtZ {
    private CompositionAtZ() {
    }

    /** H(z) recomputed from the constraints and the trace part of the OOD frame. */
    public static Fp2 fromConstraints(Air air, OodFrame ood, Fp2 z, Fp2[] alphas, Fp2[] auxRandomness) {
        int n = air.traceInfo().length();
        List<long[]> periodicColumns = air.periodicColumns();
        Fp2[] periodic = new Fp2[periodicColumns.size()];
        for (int p = 0; p < periodic.length; p++) {
            long[] coefficients = periodicColumns.get(p).clone();
            Ntt.inverse(coefficients);
            periodic[p] = Horner.evaluate(coefficients, z.pow(n / coefficients.length));
        }
        int transitions = air.transitionCount();
        int auxTransitions = air.auxTransitionCount();
        Fp2[] result = new Fp2[transitions];
        air.evaluateTransition(ood.mainCurrent(), ood.mainNext(), periodic, result);
        Fp2 sum = Fp2.ZERO;
        for (int i = 0; i < transitions; i++) {
            sum = sum.add(alphas[i].mul(result[i]));
        }
        if (auxTransitions > 0) {
            Fp2[] auxResult = new Fp2[auxTransitions];
            air.evaluateAuxTransition(ood.mainCurrent(), ood.mainNext(), ood.auxCurrent(), ood.auxNext(), periodic,
                    auxRandomness, auxResult);
            for (int i = 0; i < auxTransitions; i++) {
                sum = sum.add(alphas[transitions + i].mul(auxResult[i]));
            }
        }
        long omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(n));
        long lastRow = Goldilocks.pow(omega, n - 1);
        Fp2 divisor = z.pow(n).sub(1);
        Fp2 h = sum.mul(z.sub(lastRow)).mul(divisor.inverse());

        int a = transitions + auxTransitions;
        for (Assertion assertion : air.assertions()) {
            Fp2 numerator = ood.mainCurrent()[assertion.column()].sub(assertion.value());
            Fp2 denominator = z.sub(Goldilocks.pow(omega, assertion.row()));
            h = h.add(alphas[a++].mul(numerator).mul(denominator.inverse()));
        }
        if (air.traceInfo().hasAuxSegment()) {
            for (AuxAssertion assertion : air.auxAssertions(auxRandomness)) {
                Fp2 numerator = ood.auxCurrent()[assertion.column()].sub(assertion.value());
                Fp2 denominator = z.sub(Goldilocks.pow(omega, assertion.row()));
                h = h.add(alphas[a++].mul(numerator).mul(denominator.inverse()));
            }
        }
        return h;
    }

    /** H(z) as the composition columns claim it: Σ_k z^{k·n}·H_k(z). */
    public static Fp2 fromColumns(OodFrame ood, Fp2 z, int traceLength) {
        Fp2 zn = z.pow(traceLength);
        Fp2 power = Fp2.ONE;
        Fp2 sum = Fp2.ZERO;
        for (Fp2 column : ood.composition()) {
            sum = sum.add(column.mul(power));
            power = power.mul(zn);
        }
        return sum;
    }

    /** How many composition coefficients α the AIR needs. */
    public static int coefficientCount(Air air, Fp2[] auxRandomness) {
        int count = air.transitionCount() + air.auxTransitionCount() + air.assertions().size();
        if (air.traceInfo().hasAuxSegment()) {
            count += air.auxAssertions(auxRandomness).size();
        }
        return count;
    }
}
