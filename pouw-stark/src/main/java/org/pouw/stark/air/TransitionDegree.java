package org.pouw.stark.air;

/**
 * The declared degree of a transition constraint, as in Winterfell: {@code base} is its degree in the trace
 * columns, and each entry of {@code cycles} is the period of a periodic column it multiplies by. Over a trace of n
 * rows the constraint polynomial then has degree at most base·(n − 1) + Σ (n / cycle)·(cycle − 1), because a
 * periodic column of period k is a polynomial of degree k − 1 in x^{n/k}.
 *
 * <p>Declared degrees size the composition polynomial; soundness never depends on them (the verifier's degree check
 * is FRI's), but an under-declared degree makes honest proofs fail.
 */
public record TransitionDegree(int base, int... cycles) {
    public TransitionDegree {
        if (base < 1 || base > 16) {
            throw new IllegalArgumentException("constraint base degree must be in [1, 16], got " + base);
        }
        cycles = cycles.clone();
        for (int cycle : cycles) {
            if (cycle < 2 || (cycle & (cycle - 1)) != 0) {
                throw new IllegalArgumentException("cycle lengths must be powers of two ≥ 2, got " + cycle);
            }
        }
    }

    /** The degree bound of this constraint's polynomial over a trace of {@code traceLength} rows. */
    public long degree(int traceLength) {
        long degree = (long) base * (traceLength - 1);
        for (int cycle : cycles) {
            degree += (long) (traceLength / cycle) * (cycle - 1);
        }
        return degree;
    }
}
