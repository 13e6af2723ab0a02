package org.pouw.stark.prover;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;
import static org.pouw.crypto.Goldilocks.sub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.AuxAssertion;
import org.pouw.stark.field.BatchInversion;
import org.pouw.stark.field.DotProduct;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.stark.field.ExtensionField;
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

    static ExtVector evaluate(Air air, ExtensionField field, long[][] mainLde, ExtVector[] auxLde, Ext[] auxRandomness,
            Ext[] alphas, int blowup, ProgressTracker progress, double fromFraction, double toFraction) {
        int n = air.traceInfo().length();
        int c = air.constraintBlowup();
        int size = c * n;
        int stride = blowup / c;
        int width = mainLde.length;
        int transitions = air.transitionCount();
        int auxTransitions = air.auxTransitionCount();
        List<Assertion> assertions = air.assertions();
        List<AuxAssertion> auxAssertions = auxLde.length == 0 ? List.of() : air.auxAssertions(auxRandomness);

        int degree = field.degree();
        // α·C for base-field C is one dot product per coefficient of α
        long[][] alphaParts = new long[degree][alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            for (int k = 0; k < degree; k++) {
                alphaParts[k][i] = alphas[i].coefficient(k);
            }
        }
        long[][] periodic = periodicOnDomain(air, c);
        long[] divisorInverse = transitionDivisorInverses(n, c);
        long lastRow = Goldilocks.pow(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(n)), n - 1);
        BoundaryGroups groups = new BoundaryGroups(field, n, assertions, auxAssertions, alphas,
                transitions + auxTransitions);

        ExtVector out = ExtVector.zeros(field, size);
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
            Ext[] auxResult = new Ext[auxTransitions];
            long[] term = new long[degree];
            long[] acc = new long[degree];
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
                for (int k = 0; k < degree; k++) {
                    acc[k] = DotProduct.dot(alphaParts[k], result, transitions);
                }
                if (auxTransitions > 0) {
                    Ext auxSum = auxTransitionSum(air, current, next, auxLde, row, nextRow, periodicValues,
                            auxRandomness, auxResult, alphas, transitions);
                    for (int k = 0; k < degree; k++) {
                        acc[k] = add(acc[k], auxSum.coefficient(k));
                    }
                }
                long factor = mul(sub(xs[i], lastRow), divisorInverse[t & (c - 1)]);
                for (int k = 0; k < degree; k++) {
                    acc[k] = mul(acc[k], factor);
                }
                for (int g = 0; g < groups.count(); g++) {
                    groups.numerator(g, mainLde, auxLde, row, gathered, term);
                    long inverse = boundaryInverse[g][i];
                    for (int k = 0; k < degree; k++) {
                        acc[k] = add(acc[k], mul(term[k], inverse));
                    }
                }
                out.set(t, acc);
            }
            chunkDone.run();
        });
        return out;
    }

    private static Ext auxTransitionSum(Air air, long[] current, long[] next, ExtVector[] auxLde, int row,
            int nextRow, long[] periodicValues, Ext[] randomness, Ext[] result, Ext[] alphas, int offset) {
        ExtensionField field = alphas[0].field();
        Ext[] mainCurrent = embed(field, current);
        Ext[] mainNext = embed(field, next);
        Ext[] auxCurrent = new Ext[auxLde.length];
        Ext[] auxNext = new Ext[auxLde.length];
        for (int col = 0; col < auxLde.length; col++) {
            auxCurrent[col] = auxLde[col].get(row);
            auxNext[col] = auxLde[col].get(nextRow);
        }
        air.evaluateAuxTransition(mainCurrent, mainNext, auxCurrent, auxNext, embed(field, periodicValues), randomness,
                result);
        Ext sum = field.zero();
        for (int k = 0; k < result.length; k++) {
            sum = sum.add(alphas[offset + k].mul(result[k]));
        }
        return sum;
    }

    private static Ext[] embed(ExtensionField field, long[] values) {
        Ext[] out = new Ext[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = field.of(values[i]);
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
            private final List<Ext> alphas = new ArrayList<>();
            private Ext constant;
            private int[] columnArray;
            private long[][] alphaParts;

            MainGroup(ExtensionField field) {
                constant = field.zero();
            }

            void add(int column, long value, Ext alpha) {
                columns.add(column);
                alphas.add(alpha);
                constant = constant.add(alpha.mul(value));
            }

            void freeze() {
                columnArray = columns.stream().mapToInt(Integer::intValue).toArray();
                alphaParts = new long[constant.field().degree()][];
                for (int k = 0; k < alphaParts.length; k++) {
                    int part = k;
                    alphaParts[k] = alphas.stream().mapToLong(a -> a.coefficient(part)).toArray();
                }
            }
        }

        /** An aux assertion's column, value and coefficient. */
        private record AuxTerm(int column, Ext value, Ext alpha) {
        }

        private final List<Long> points = new ArrayList<>();
        private final List<MainGroup> mainGroups = new ArrayList<>();
        private final List<List<AuxTerm>> auxTerms = new ArrayList<>();
        private final Map<Integer, Integer> groupOfRow = new LinkedHashMap<>();
        private final long omega;
        private final ExtensionField field;

        BoundaryGroups(ExtensionField field, int n, List<Assertion> assertions, List<AuxAssertion> auxAssertions, Ext[] alphas,
                int firstAlpha) {
            this.field = field;
            omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(n));
            for (int a = 0; a < assertions.size(); a++) {
                Assertion assertion = assertions.get(a);
                mainGroups.get(group(assertion.row()))
                        .add(assertion.column(), assertion.value(), alphas[firstAlpha + a]);
            }
            for (int a = 0; a < auxAssertions.size(); a++) {
                AuxAssertion assertion = auxAssertions.get(a);
                Ext alpha = alphas[firstAlpha + assertions.size() + a];
                auxTerms.get(group(assertion.row())).add(new AuxTerm(assertion.column(), assertion.value(), alpha));
            }
            mainGroups.forEach(MainGroup::freeze);
        }

        private int group(int row) {
            return groupOfRow.computeIfAbsent(row, r -> {
                points.add(Goldilocks.pow(omega, r));
                mainGroups.add(new MainGroup(field));
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
         * Σ α_a·(T_col(x) − v_a) for group g at LDE row {@code row}, as coefficients in {@code out}; {@code gathered}
         * is scratch space of at least the number of main assertions.
         */
        void numerator(int g, long[][] mainLde, ExtVector[] auxLde, int row, long[] gathered, long[] out) {
            MainGroup group = mainGroups.get(g);
            int[] columns = group.columnArray;
            for (int i = 0; i < columns.length; i++) {
                gathered[i] = mainLde[columns[i]][row];
            }
            for (int k = 0; k < out.length; k++) {
                out[k] = sub(DotProduct.dot(group.alphaParts[k], gathered, columns.length),
                        group.constant.coefficient(k));
            }
            for (AuxTerm term : auxTerms.get(g)) {
                Ext product = term.alpha().mul(auxLde[term.column()].get(row).sub(term.value()));
                for (int k = 0; k < out.length; k++) {
                    out[k] = add(out[k], product.coefficient(k));
                }
            }
        }
    }
}
