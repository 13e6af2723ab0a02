package org.pouw.stark.air;

import java.util.List;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;
import org.pouw.stark.field.Goldilocks;

/**
 * An algebraic intermediate representation of a computation, in the spirit of Winterfell's {@code Air}: the trace
 * shape, transition constraints with declared degrees (over the main columns and optionally an auxiliary segment
 * built from verifier randomness), boundary assertions and periodic columns.
 *
 * <p>A transition constraint C(current row, next row, periodic values) must vanish on every row but the last. The
 * framework divides the random linear combination of all constraints by the vanishing polynomial
 * (x^n − 1)/(x − ω^{n−1}) and each assertion T_j(x) − v by (x − ω^row).
 *
 * <p>An instance describes one statement: its public inputs (which must determine every assertion) are absorbed into
 * the Fiat–Shamir transcript before any challenge is drawn.
 */
public abstract class Air {
    private final TraceInfo traceInfo;
    private int compositionColumns;

    protected Air(TraceInfo traceInfo) {
        this.traceInfo = traceInfo;
    }

    public final TraceInfo traceInfo() {
        return traceInfo;
    }

    /** The identifier written into proofs, so a verifier knows which AIR to rebuild. */
    public abstract int airId();

    /** The canonical encoding of the public inputs; absorbed into the transcript and written into the proof. */
    public abstract byte[] publicInputs();

    /** Degrees of the main transition constraints, in the order {@link #evaluateTransition} writes them. */
    public abstract List<TransitionDegree> transitionDegrees();

    /** Degrees of the auxiliary transition constraints, in the order {@link #evaluateAuxTransition} writes them. */
    public List<TransitionDegree> auxTransitionDegrees() {
        return List.of();
    }

    /** Boundary assertions on the main trace. */
    public abstract List<Assertion> assertions();

    /** Boundary assertions on the auxiliary segment, which may depend on its randomness. */
    public List<AuxAssertion> auxAssertions(Fp2[] auxRandomness) {
        return List.of();
    }

    /**
     * Periodic columns: column i takes value {@code periodicColumns().get(i)[row mod length]} at each row; each
     * length is a power of two between 2 and the trace length.
     */
    public List<long[]> periodicColumns() {
        return List.of();
    }

    /**
     * Main transition constraints over F_p², as the verifier evaluates them at the out-of-domain point: writes one
     * value per constraint to {@code result}.
     */
    public abstract void evaluateTransition(Fp2[] current, Fp2[] next, Fp2[] periodic, Fp2[] result);

    /**
     * Main transition constraints over the base field, as the prover evaluates them on the constraint-evaluation
     * domain. The default embeds into F_p² and calls {@link #evaluateTransition(Fp2[], Fp2[], Fp2[], Fp2[])}; AIRs
     * with hot constraints override it with a base-field version that must agree (tests check this).
     */
    public void evaluateTransition(long[] current, long[] next, long[] periodic, long[] result) {
        Fp2[] c = embed(current);
        Fp2[] x = embed(next);
        Fp2[] p = embed(periodic);
        Fp2[] r = new Fp2[result.length];
        evaluateTransition(c, x, p, r);
        for (int i = 0; i < r.length; i++) {
            if (!r[i].isBase()) {
                throw new IllegalStateException("a main constraint left the base field");
            }
            result[i] = r[i].c0();
        }
    }

    /** Auxiliary transition constraints; main values arrive embedded in F_p². */
    public void evaluateAuxTransition(Fp2[] mainCurrent, Fp2[] mainNext, Fp2[] auxCurrent, Fp2[] auxNext,
            Fp2[] periodic, Fp2[] auxRandomness, Fp2[] result) {
    }

    /** Builds the auxiliary segment (one column per aux column, trace-length rows) from the main trace. */
    public Fp2Vector[] buildAuxTrace(long[][] mainTrace, Fp2[] auxRandomness) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no auxiliary segment");
    }

    /**
     * The number of trace-length columns the composition polynomial is split into: its degree is at most
     * max(max_i deg C_i − (n − 1), n − 2), each transition quotient losing the n − 1 roots of its divisor and each
     * assertion quotient one.
     */
    public final int compositionColumns() {
        if (compositionColumns == 0) {
            int n = traceInfo.length();
            long maxDegree = n - 2;
            for (TransitionDegree d : transitionDegrees()) {
                maxDegree = Math.max(maxDegree, d.degree(n) - (n - 1));
            }
            for (TransitionDegree d : auxTransitionDegrees()) {
                maxDegree = Math.max(maxDegree, d.degree(n) - (n - 1));
            }
            compositionColumns = (int) Math.max(1, (maxDegree + n) / n);
        }
        return compositionColumns;
    }

    /**
     * The constraint-evaluation domain is this many times the trace length: the smallest power of two that can hold
     * every evaluation of the composition polynomial (degree &lt; columns·n). The LDE blowup must be at least this.
     */
    public final int constraintBlowup() {
        return Integer.highestOneBit(compositionColumns() * 2 - 1);
    }

    public final int transitionCount() {
        return transitionDegrees().size();
    }

    public final int auxTransitionCount() {
        return auxTransitionDegrees().size();
    }

    private static Fp2[] embed(long[] values) {
        Fp2[] out = new Fp2[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Fp2.of(Goldilocks.reduce(values[i]));
        }
        return out;
    }
}
