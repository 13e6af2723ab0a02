package org.pouw.stark.air;

import java.util.ArrayList;
import java.util.List;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.poly.Ntt;

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
    public List<AuxAssertion> auxAssertions(Ext[] auxRandomness) {
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
     * The periodic columns' interpolants (coefficients over the subgroup of each column's length), in the order of
     * {@link #periodicColumns()}: what the verifier evaluates at the out-of-domain point. The default interpolates
     * afresh; an AIR whose columns are large and reused across proofs (the VM AIR's program table) returns cached
     * coefficients, which must be exactly these.
     */
    public List<long[]> periodicCoefficients() {
        List<long[]> columns = periodicColumns();
        List<long[]> out = new ArrayList<>(columns.size());
        for (long[] column : columns) {
            long[] coefficients = column.clone();
            Ntt.inverse(coefficients);
            out.add(coefficients);
        }
        return out;
    }

    /**
     * Main transition constraints over the challenge extension field, as the verifier evaluates them at the out-of-domain point: writes one
     * value per constraint to {@code result}.
     */
    public abstract void evaluateTransition(Ext[] current, Ext[] next, Ext[] periodic, Ext[] result);

    /**
     * Main transition constraints over the base field, as the prover evaluates them on the constraint-evaluation
     * domain. The default embeds into F_p² and calls {@link #evaluateTransition(Ext[], Ext[], Ext[], Ext[])}; AIRs
     * with hot constraints override it with a base-field version that must agree (tests check this).
     */
    public void evaluateTransition(long[] current, long[] next, long[] periodic, long[] result) {
        Ext[] c = embed(current);
        Ext[] x = embed(next);
        Ext[] p = embed(periodic);
        Ext[] r = new Ext[result.length];
        evaluateTransition(c, x, p, r);
        for (int i = 0; i < r.length; i++) {
            if (!r[i].isBase()) {
                throw new IllegalStateException("a main constraint left the base field");
            }
            result[i] = r[i].c0();
        }
    }

    /** Auxiliary transition constraints; main values arrive embedded in the extension field. */
    public void evaluateAuxTransition(Ext[] mainCurrent, Ext[] mainNext, Ext[] auxCurrent, Ext[] auxNext,
            Ext[] periodic, Ext[] auxRandomness, Ext[] result) {
    }

    /** Builds the auxiliary segment (one column per aux column, trace-length rows) from the main trace. */
    public ExtVector[] buildAuxTrace(long[][] mainTrace, Ext[] auxRandomness) {
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

    /** Base values embedded in F_p² (any extension would do: the result must come back in the base field). */
    private static Ext[] embed(long[] values) {
        Ext[] out = new Ext[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ExtensionField.QUADRATIC.of(Goldilocks.reduce(values[i]));
        }
        return out;
    }
}
