package org.pouw.stark.protocol;

import java.util.List;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.AuxAssertion;
import org.pouw.stark.field.Ext;
import org.pouw.stark.poly.Horner;
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
    public static Ext fromConstraints(Air air, OodFrame ood, Ext z, Ext[] alphas, Ext[] auxRandomness) {
        int n = air.traceInfo().length();
        List<long[]> periodicCoefficients = air.periodicCoefficients();
        Ext[] periodic = new Ext[periodicCoefficients.size()];
        for (int p = 0; p < periodic.length; p++) {
            long[] coefficients = periodicCoefficients.get(p);
            periodic[p] = Horner.evaluate(coefficients, z.pow(n / coefficients.length));
        }
        int transitions = air.transitionCount();
        int auxTransitions = air.auxTransitionCount();
        Ext[] result = new Ext[transitions];
        air.evaluateTransition(ood.mainCurrent(), ood.mainNext(), periodic, result);
        Ext sum = z.field().zero();
        for (int i = 0; i < transitions; i++) {
            sum = sum.add(alphas[i].mul(result[i]));
        }
        if (auxTransitions > 0) {
            Ext[] auxResult = new Ext[auxTransitions];
            air.evaluateAuxTransition(ood.mainCurrent(), ood.mainNext(), ood.auxCurrent(), ood.auxNext(), periodic,
                    auxRandomness, auxResult);
            for (int i = 0; i < auxTransitions; i++) {
                sum = sum.add(alphas[transitions + i].mul(auxResult[i]));
            }
        }
        long omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(n));
        long lastRow = Goldilocks.pow(omega, n - 1);
        Ext divisor = z.pow(n).sub(1);
        Ext h = sum.mul(z.sub(lastRow)).mul(divisor.inverse());

        int a = transitions + auxTransitions;
        for (Assertion assertion : air.assertions()) {
            Ext numerator = ood.mainCurrent()[assertion.column()].sub(assertion.value());
            Ext denominator = z.sub(Goldilocks.pow(omega, assertion.row()));
            h = h.add(alphas[a++].mul(numerator).mul(denominator.inverse()));
        }
        if (air.traceInfo().hasAuxSegment()) {
            for (AuxAssertion assertion : air.auxAssertions(auxRandomness)) {
                Ext numerator = ood.auxCurrent()[assertion.column()].sub(assertion.value());
                Ext denominator = z.sub(Goldilocks.pow(omega, assertion.row()));
                h = h.add(alphas[a++].mul(numerator).mul(denominator.inverse()));
            }
        }
        return h;
    }

    /** H(z) as the composition columns claim it: Σ_k z^{k·n}·H_k(z). */
    public static Ext fromColumns(OodFrame ood, Ext z, int traceLength) {
        Ext zn = z.pow(traceLength);
        Ext power = z.field().one();
        Ext sum = z.field().zero();
        for (Ext column : ood.composition()) {
            sum = sum.add(column.mul(power));
            power = power.mul(zn);
        }
        return sum;
    }

    /** How many composition coefficients α the AIR needs. */
    public static int coefficientCount(Air air, Ext[] auxRandomness) {
        int count = air.transitionCount() + air.auxTransitionCount() + air.assertions().size();
        if (air.traceInfo().hasAuxSegment()) {
            count += air.auxAssertions(auxRandomness).size();
        }
        return count;
    }
}
