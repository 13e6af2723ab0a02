package org.pouw.stark.poly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;

class NttProperties {
    static long[] randomElements(Random random, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Goldilocks.reduce(random.nextLong());
        }
        return a;
    }

    /** The O(n²) definition: out[i] = Σ_k a[k]·ω^{ik}. */
    static long[] naiveDft(long[] a, long omega) {
        int n = a.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long x = Goldilocks.pow(omega, i);
            out[i] = Horner.evaluate(a, x);
        }
        return out;
    }

    @Property(tries = 60)
    void forwardMatchesTheNaiveDft(@ForAll @IntRange(min = 0, max = 8) int logN, @ForAll long seed) {
        long[] a = randomElements(new Random(seed), 1 << logN);
        long[] expected = naiveDft(a, Goldilocks.rootOfUnity(logN));
        long[] actual = a.clone();
        Ntt.forward(actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 30)
    void inverseUndoesForward(@ForAll @IntRange(min = 0, max = 12) int logN, @ForAll long seed) {
        long[] a = randomElements(new Random(seed), 1 << logN);
        long[] b = a.clone();
        Ntt.forward(b);
        Ntt.inverse(b);
        assertThat(b).isEqualTo(a);
    }

    @Property(tries = 30)
    void cosetForwardEvaluatesOnTheCoset(@ForAll @IntRange(min = 0, max = 7) int logN, @ForAll long seed) {
        Random random = new Random(seed);
        long[] a = randomElements(random, 1 << logN);
        long offset = Goldilocks.reduce(random.nextLong()) | 1;
        long[] evaluations = a.clone();
        Ntt.forwardCoset(evaluations, offset, false);
        long omega = Goldilocks.rootOfUnity(logN);
        for (int i = 0; i < a.length; i++) {
            long x = Goldilocks.mul(offset, Goldilocks.pow(omega, i));
            assertThat(evaluations[i]).isEqualTo(Horner.evaluate(a, x));
        }
        Ntt.inverseCoset(evaluations, offset, false);
        assertThat(evaluations).isEqualTo(a);
    }

    @Test
    void largeTransformsAcrossTheCacheBlockAndInParallelAgreeWithPointEvaluation() {
        Random random = new Random(7);
        int logN = 17;
        long[] a = randomElements(random, 1 << logN);
        long[] sequential = a.clone();
        Ntt.forward(sequential, false);
        long[] parallel = a.clone();
        Ntt.forward(parallel, true);
        assertThat(parallel).isEqualTo(sequential);
        long omega = Goldilocks.rootOfUnity(logN);
        for (int trial = 0; trial < 8; trial++) {
            int i = random.nextInt(a.length);
            assertThat(sequential[i]).isEqualTo(Horner.evaluate(a, Goldilocks.pow(omega, i)));
        }
        Ntt.inverse(parallel, true);
        assertThat(parallel).isEqualTo(a);
    }

    @Test
    void lowDegreeExtensionAgreesWithTheInterpolant() {
        Random random = new Random(3);
        long[] column = randomElements(random, 64);
        long[] original = column.clone();
        long[][] lde = LowDegreeExtension.interpolateAndExtend(new long[][] {column}, 8, Goldilocks.GENERATOR);
        long[] coefficients = column;
        long omegaN = Goldilocks.rootOfUnity(6);
        for (int i = 0; i < 64; i++) {
            assertThat(Horner.evaluate(coefficients, Goldilocks.pow(omegaN, i))).isEqualTo(original[i]);
        }
        long omegaLde = Goldilocks.rootOfUnity(9);
        for (int t = 0; t < 512; t += 37) {
            long x = Goldilocks.mul(Goldilocks.GENERATOR, Goldilocks.pow(omegaLde, t));
            assertThat(lde[0][t]).isEqualTo(Horner.evaluate(coefficients, x));
        }
    }

    @Property(tries = 40)
    void extensionMatchesPointEvaluationForEveryBlowup(@ForAll @IntRange(min = 0, max = 9) int logN,
            @ForAll @IntRange(min = 1, max = 4) int logBlowup, @ForAll long seed) {
        Random random = new Random(seed);
        long[] coefficients = randomElements(random, 1 << logN);
        long offset = Goldilocks.reduce(random.nextLong()) | 1;
        int size = 1 << (logN + logBlowup);
        long[] sequential = LowDegreeExtension.extend(coefficients, 1 << logBlowup, offset, false);
        long[] expected = coefficients.clone();
        long[] padded = java.util.Arrays.copyOf(expected, size);
        Ntt.forwardCoset(padded, offset, false);
        assertThat(sequential).isEqualTo(padded);
        long omega = Goldilocks.rootOfUnity(logN + logBlowup);
        int t = random.nextInt(size);
        assertThat(sequential[t]).isEqualTo(Horner.evaluate(coefficients, Goldilocks.mul(offset, Goldilocks.pow(omega, t))));
    }

    @Test
    void largeParallelExtensionAgreesWithTheSequentialOne() {
        Random random = new Random(8);
        long[] coefficients = randomElements(random, 1 << 15);
        long[] sequential = LowDegreeExtension.extend(coefficients, 8, Goldilocks.GENERATOR, false);
        long[] parallel = LowDegreeExtension.extend(coefficients, 8, Goldilocks.GENERATOR, true);
        assertThat(parallel).isEqualTo(sequential);
        long[] reference = java.util.Arrays.copyOf(coefficients, 1 << 18);
        Ntt.forwardCoset(reference, Goldilocks.GENERATOR, true);
        assertThat(sequential).isEqualTo(reference);
    }
}
