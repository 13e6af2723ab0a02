package org.pouw.stark.prover;

import static org.pouw.stark.field.Goldilocks.add;
import static org.pouw.stark.field.Goldilocks.mul;
import static org.pouw.stark.field.Goldilocks.sub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.AuxAssertion;
import org.pouw.stark.field.BatchInversion;
import org.pouw.stark.field.DotProduct;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;
import org.pouw.stark.field.Goldilocks;
import org.pouw.stark.poly.LowDegreeExtension;
import org.pouw.stark.poly.Ntt;
import org.pouw.stark.protocol.Domains;

/**
 * Evaluates the composition polynomial on the constraint-evaluation domain g·⟨ω_{c·n}⟩ (c = the AIR's constraint
 * blowup, a sub-domain of the LDE domain, so trace values are read from the LDE with stride b/c):
 *
 * <pre>
 *   H(x) = (Σ_i α_i·C_i(x)) · (x − ω^{n−1}) / (x^n − 1)  +  Σ_a α_a·(T_{col(a)}(x) − v_a) / (x − ω^{row(a)})
 * </pre>
 *
 * with coefficients α in the order: main transitions, aux transitions, main assertions, aux assertions. x^n takes
 * only c values on the domain, so the transition divisor costs c inversions; assertion divisors are batch-inverted
 * per chunk, once per distinct row.
 */
final class CompositionEvaluator {
    private static final int CHUNK = 1 << 10;

    private CompositionEvaluator() {
    }

    static Fp2Vector evaluate(Air air, long[][] mainLde, Fp2Vector[] auxLde, Fp2[] auxRandomness, Fp2[] alphas,
            int blowup, ProgressTracker progress, double fromFraction, double toFraction) {
        int n = air.traceInfo().length();
        int c = air.constraintBlowup();
        int size = c * n;
        int stride = blowup / c;
        int width = mainLde.length;
        int transitions = air.transitionCount();
        int auxTransitions = air.auxTransitionCount();
        List<Assertion> assertions = air.assertions();
        List<AuxAssertion> auxAssertions = auxLde.length == 0 ? List.of() : air.auxAssertions(auxRandomness);

        long[] alpha0 = new long[alphas.length];
        long[] alpha1 = new long[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            alpha0[i] = alphas[i].c0();
            alpha1[i] = alphas[i].c1();
        }
        long[][] periodic = periodicOnDomain(air, c);
        long[] divisorInverse = transitionDivisorInverses(n, c);
        long lastRow = Goldilocks.pow(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(n)), n - 1);
        BoundaryGroups groups = new BoundaryGroups(n, assertions, auxAssertions, alphas, transitions + auxTransitions);

        Fp2Vector out = Fp2Vector.zeros(size);
        long omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(size));
        int chunks = (size + CHUNK - 1) / CHUNK;
        Runnable chunkDone = progress.chunks("evaluate constraints", fromFraction, toFraction, chunks);
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            int from = chunk * CHUNK;
            int to = Math.min(size, from + CHUNK);
            int length = to - from;
            long[] xs = new long[length];
            long x = Goldilocks.mul(Domains.OFFSET, Goldilocks.pow(omega, from));
            for (int i = 0; i < length; i++) {
                xs[i] = x;
                x = mul(x, omega);
            }
            long[][] boundaryInverse = groups.inverses(xs);
            long[] current = new long[width];
            long[] next = new long[width];
            long[] periodicValues = new long[periodic.length];
            long[] result = new long[transitions];
            Fp2[] auxResult = new Fp2[auxTransitions];
            long[] term = new long[2];
            long[] gathered = new long[assertions.size()];
            for (int i = 0; i < length; i++) {
                int t = from + i;
                int row = t * stride;
                int nextRow = ((t + c) & (size - 1)) * stride;
                for (int col = 0; col < width; col++) {
                    current[col] = mainLde[col][row];
                    next[col] = mainLde[col][nextRow];
                }
                for (int p = 0; p < periodic.length; p++) {
                    periodicValues[p] = periodic[p][t & (periodic[p].length - 1)];
                }
                air.evaluateTransition(current, next, periodicValues, result);
                long acc0 = DotProduct.dot(alpha0, result, transitions);
                long acc1 = DotProduct.dot(alpha1, result, transitions);
                if (auxTransitions > 0) {
                    Fp2 auxSum = auxTransitionSum(air, current, next, auxLde, row, nextRow, periodicValues,
                            auxRandomness, auxResult, alphas, transitions);
                    acc0 = add(acc0, auxSum.c0());
                    acc1 = add(acc1, auxSum.c1());
                }
                long factor = mul(sub(xs[i], lastRow), divisorInverse[t & (c - 1)]);
                acc0 = mul(acc0, factor);
                acc1 = mul(acc1, factor);
                for (int g = 0; g < groups.count(); g++) {
                    groups.numerator(g, mainLde, auxLde, row, gathered, term);
                    long inverse = boundaryInverse[g][i];
                    acc0 = add(acc0, mul(term[0], inverse));
                    acc1 = add(acc1, mul(term[1], inverse));
                }
                out.c0()[t] = acc0;
                out.c1()[t] = acc1;
            }
            chunkDone.run();
        });
        return out;
    }

    private static Fp2 auxTransitionSum(Air air, long[] current, long[] next, Fp2Vector[] auxLde, int row,
            int nextRow, long[] periodicValues, Fp2[] randomness, Fp2[] result, Fp2[] alphas, int offset) {
        Fp2[] mainCurrent = embed(current);
        Fp2[] mainNext = embed(next);
        Fp2[] auxCurrent = new Fp2[auxLde.length];
        Fp2[] auxNext = new Fp2[auxLde.length];
        for (int col = 0; col < auxLde.length; col++) {
            auxCurrent[col] = auxLde[col].get(row);
            auxNext[col] = auxLde[col].get(nextRow);
        }
        air.evaluateAuxTransition(mainCurrent, mainNext, auxCurrent, auxNext, embed(periodicValues), randomness,
                result);
        Fp2 sum = Fp2.ZERO;
        for (int k = 0; k < result.length; k++) {
            sum = sum.add(alphas[offset + k].mul(result[k]));
        }
        return sum;
    }

    private static Fp2[] embed(long[] values) {
        Fp2[] out = new Fp2[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Fp2.of(values[i]);
        }
        return out;
    }

    /** Each periodic column's values on the domain: entry t mod (c·period) holds p(x_t^{n/period}). */
    private static long[][] periodicOnDomain(Air air, int c) {
        int n = air.traceInfo().length();
        List<long[]> columns = air.periodicColumns();
        long[][] out = new long[columns.size()][];
        for (int p = 0; p < out.length; p++) {
            long[] coefficients = columns.get(p).clone();
            int period = coefficients.length;
            Ntt.inverse(coefficients);
            out[p] = LowDegreeExtension.extend(coefficients, c, Goldilocks.pow(Domains.OFFSET, n / period), false);
        }
        return out;
    }

    /** 1/(x^n − 1) for the c values x^n = g^n·ω_c^j takes on the domain. */
    private static long[] transitionDivisorInverses(int n, int c) {
        long[] out = new long[c];
        long gn = Goldilocks.pow(Domains.OFFSET, n);
        long omegaC = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(c));
        for (int j = 0; j < c; j++) {
            out[j] = sub(mul(gn, Goldilocks.pow(omegaC, j)), 1);
        }
        BatchInversion.invertInPlace(out);
        return out;
    }

    /**
     * Assertions grouped by row, so each distinct row's divisor (x − ω^row) is inverted once per point. The numerator
     * of a group, Σ α_a·(T_col(x) − v_a), is computed as Σ α_a·T_col(x) − Σ α_a·v_a with one-reduction dot products.
     */
    private static final class BoundaryGroups {
        /** The main assertions at one row: their columns, coefficient parts and the constant Σ α_a·v_a. */
        private static final class MainGroup {
            private final List<Integer> columns = new ArrayList<>();
            private final List<Fp2> alphas = new ArrayList<>();
            private Fp2 constant = Fp2.ZERO;
            private int[] columnArray;
            private long[] alpha0;
            private long[] alpha1;

            void add(int column, long value, Fp2 alpha) {
                columns.add(column);
                alphas.add(alpha);
                constant = constant.add(alpha.mul(value));
            }

            void freeze() {
                columnArray = columns.stream().mapToInt(Integer::intValue).toArray();
                alpha0 = alphas.stream().mapToLong(Fp2::c0).toArray();
                alpha1 = alphas.stream().mapToLong(Fp2::c1).toArray();
            }
        }

        /** An aux assertion's column, value and coefficient. */
        private record AuxTerm(int column, Fp2 value, Fp2 alpha) {
        }

        private final List<Long> points = new ArrayList<>();
        private final List<MainGroup> mainGroups = new ArrayList<>();
        private final List<List<AuxTerm>> auxTerms = new ArrayList<>();
        private final Map<Integer, Integer> groupOfRow = new LinkedHashMap<>();
        private final long omega;

        BoundaryGroups(int n, List<Assertion> assertions, List<AuxAssertion> auxAssertions, Fp2[] alphas,
                int firstAlpha) {
            omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(n));
            for (int a = 0; a < assertions.size(); a++) {
                Assertion assertion = assertions.get(a);
                mainGroups.get(group(assertion.row()))
                        .add(assertion.column(), assertion.value(), alphas[firstAlpha + a]);
            }
            for (int a = 0; a < auxAssertions.size(); a++) {
                AuxAssertion assertion = auxAssertions.get(a);
                Fp2 alpha = alphas[firstAlpha + assertions.size() + a];
                auxTerms.get(group(assertion.row())).add(new AuxTerm(assertion.column(), assertion.value(), alpha));
            }
            mainGroups.forEach(MainGroup::freeze);
        }

        private int group(int row) {
            return groupOfRow.computeIfAbsent(row, r -> {
                points.add(Goldilocks.pow(omega, r));
                mainGroups.add(new MainGroup());
                auxTerms.add(new ArrayList<>());
                return points.size() - 1;
            });
        }

        int count() {
            return points.size();
        }

        /** For each group, 1/(x − ω^row) at each of the chunk's points. */
        long[][] inverses(long[] xs) {
            long[][] out = new long[points.size()][];
            for (int g = 0; g < out.length; g++) {
                long point = points.get(g);
                long[] d = new long[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    d[i] = sub(xs[i], point);
                }
                BatchInversion.invertInPlace(d);
                out[g] = d;
            }
            return out;
        }

        /**
         * Σ α_a·(T_col(x) − v_a) for group g at LDE row {@code row}, as (c0, c1) in {@code out}; {@code gathered}
         * is scratch space of at least the number of main assertions.
         */
        void numerator(int g, long[][] mainLde, Fp2Vector[] auxLde, int row, long[] gathered, long[] out) {
            MainGroup group = mainGroups.get(g);
            int[] columns = group.columnArray;
            for (int i = 0; i < columns.length; i++) {
                gathered[i] = mainLde[columns[i]][row];
            }
            long s0 = sub(DotProduct.dot(group.alpha0, gathered, columns.length), group.constant.c0());
            long s1 = sub(DotProduct.dot(group.alpha1, gathered, columns.length), group.constant.c1());
            for (AuxTerm term : auxTerms.get(g)) {
                Fp2 product = term.alpha().mul(auxLde[term.column()].get(row).sub(term.value()));
                s0 = add(s0, product.c0());
                s1 = add(s1, product.c1());
            }
            out[0] = s0;
            out[1] = s1;
        }
    }
}
