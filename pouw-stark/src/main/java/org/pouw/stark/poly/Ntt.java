package org.pouw.stark.poly;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;
import static org.pouw.crypto.Goldilocks.sub;

import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import org.pouw.crypto.Goldilocks;

/**
 * Number-theoretic transforms over the Goldilocks field on power-of-two subgroups ⟨ω_n⟩ and their cosets.
 *
 * <p>{@link #forward} maps coefficients c_0..c_{n−1} (natural order) to evaluations f(ω_n^i) (natural order);
 * {@link #inverse} undoes it. The forward transform is a decimation-in-frequency radix-2 FFT whose recursion keeps
 * working on one half at a time, so below {@value #CACHE_BLOCK} elements every stage runs inside the L2 cache and
 * only the top stages stream through memory (cache-oblivious in the sense of Frigo et al.). Large transforms fork
 * their halves onto the common ForkJoinPool.
 *
 * <p>The inverse reuses the forward transform: the inverse DFT of a is (1/n)·DFT(a) with outputs 1..n−1 reversed.
 */
public final class Ntt {
    /** Transforms at or below this size run sequentially in one block (256 KiB of longs). */
    static final int CACHE_BLOCK = 1 << 15;
    /** Transforms from this size on split their work across the ForkJoinPool. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;
    /** Stages narrower than this loop twiddle-outer. */
    private static final int NARROW = 32;

    private Ntt() {
    }

    /** Coefficients to evaluations on ⟨ω_n⟩, in place; n = a.length must be a power of two ≤ 2^32. */
    public static void forward(long[] a) {
        forward(a, false);
    }

    /** As {@link #forward(long[])}, splitting large transforms over the common ForkJoinPool when asked. */
    public static void forward(long[] a, boolean parallel) {
        int logN = log2(a.length);
        if (logN == 0) {
            return;
        }
        long[] twiddles = TwiddleTable.upTo(logN);
        if (parallel && a.length >= PARALLEL_THRESHOLD) {
            ForkJoinTask.invokeAll(new DifTask(a, 0, a.length, twiddles));
        } else {
            dif(a, 0, a.length, twiddles);
        }
        bitReverse(a);
    }

    /** Evaluations on ⟨ω_n⟩ to coefficients, in place. */
    public static void inverse(long[] a) {
        inverse(a, false);
    }

    public static void inverse(long[] a, boolean parallel) {
        int n = a.length;
        forward(a, parallel);
        for (int i = 1, j = n - 1; i < j; i++, j--) {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        scale(a, Goldilocks.inverse(n));
    }

    /** Coefficients to evaluations on the coset offset·⟨ω_n⟩: f(offset·ω_n^i) = Σ (c_k·offset^k)·ω_n^{ik}. */
    public static void forwardCoset(long[] a, long offset, boolean parallel) {
        multiplyByPowers(a, offset);
        forward(a, parallel);
    }

    /** Evaluations on offset·⟨ω_n⟩ to coefficients. */
    public static void inverseCoset(long[] a, long offset, boolean parallel) {
        inverse(a, parallel);
        multiplyByPowers(a, Goldilocks.inverse(offset));
    }

    /** a[k] ← a[k]·base^k. */
    public static void multiplyByPowers(long[] a, long base) {
        long power = 1;
        for (int k = 0; k < a.length; k++) {
            a[k] = mul(a[k], power);
            power = mul(power, base);
        }
    }

    static void scale(long[] a, long factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] = mul(a[i], factor);
        }
    }

    /**
     * Decimation in frequency on a[from, from + n): after the top stage the two halves are independent DFTs of half
     * the size (with outputs interleaved in bit-reversed order), so recursing keeps the working set shrinking.
     */
    private static void dif(long[] a, int from, int n, long[] twiddles) {
        if (n <= CACHE_BLOCK) {
            difIterative(a, from, n, twiddles);
            return;
        }
        int half = n >>> 1;
        difStage(a, from, half, twiddles, 0, half);
        dif(a, from, half, twiddles);
        dif(a, from + half, half, twiddles);
    }

    /** One butterfly stage of half-width {@code half} on the block at {@code from}, for j in [jFrom, jTo). */
    private static void difStage(long[] a, int from, int half, long[] twiddles, int jFrom, int jTo) {
        int j = jFrom;
        if (j == 0) {
            long u = a[from];
            long v = a[from + half];
            a[from] = add(u, v);
            a[from + half] = sub(u, v);
            j = 1;
        }
        for (; j < jTo; j++) {
            int i = from + j;
            long u = a[i];
            long v = a[i + half];
            a[i] = add(u, v);
            a[i + half] = mul(sub(u, v), twiddles[half + j]);
        }
    }

    /**
     * All stages of a block that fits in the cache. Narrow stages run twiddle-outer, block-inner, so their inner loops
     * stay long and the twiddle stays in a register; the twiddle-1 butterflies skip their multiplication.
     */
    private static void difIterative(long[] a, int from, int n, long[] twiddles) {
        int to = from + n;
        for (int half = n >>> 1; half >= 1; half >>>= 1) {
            int width = half << 1;
            if (half >= NARROW) {
                for (int start = from; start < to; start += width) {
                    difStage(a, start, half, twiddles, 0, half);
                }
                continue;
            }
            for (int i = from; i < to; i += width) {
                long u = a[i];
                long v = a[i + half];
                a[i] = add(u, v);
                a[i + half] = sub(u, v);
            }
            for (int j = 1; j < half; j++) {
                long w = twiddles[half + j];
                for (int i = from + j; i < to; i += width) {
                    long u = a[i];
                    long v = a[i + half];
                    a[i] = add(u, v);
                    a[i + half] = mul(sub(u, v), w);
                }
            }
        }
    }

    /** Parallel decimation in frequency: the top stage split in slices, then both halves forked. */
    private static final class DifTask extends RecursiveAction {
        private final long[] a;
        private final int from;
        private final int n;
        private final long[] twiddles;

        DifTask(long[] a, int from, int n, long[] twiddles) {
            this.a = a;
            this.from = from;
            this.n = n;
            this.twiddles = twiddles;
        }

        @Override
        protected void compute() {
            if (n < PARALLEL_THRESHOLD) {
                dif(a, from, n, twiddles);
                return;
            }
            int half = n >>> 1;
            int mid = half >>> 1;
            ForkJoinTask.invokeAll(new StageSlice(a, from, half, twiddles, 0, mid),
                    new StageSlice(a, from, half, twiddles, mid, half));
            ForkJoinTask.invokeAll(new DifTask(a, from, half, twiddles), new DifTask(a, from + half, half, twiddles));
        }
    }

    private static final class StageSlice extends RecursiveAction {
        private final long[] a;
        private final int from;
        private final int half;
        private final long[] twiddles;
        private final int jFrom;
        private final int jTo;

        StageSlice(long[] a, int from, int half, long[] twiddles, int jFrom, int jTo) {
            this.a = a;
            this.from = from;
            this.half = half;
            this.twiddles = twiddles;
            this.jFrom = jFrom;
            this.jTo = jTo;
        }

        @Override
        protected void compute() {
            difStage(a, from, half, twiddles, jFrom, jTo);
        }
    }

    /**
     * Decimation in time from bit-reversed input to natural-order evaluations, starting at butterfly half-width
     * {@code firstHalf}: the stages below it must already have been applied (or be trivial, as after
     * {@link LowDegreeExtension}'s broadcast). Recursion keeps each half in cache before the stage that joins them.
     */
    static void ditFromBitReversed(long[] a, int firstHalf, boolean parallel) {
        long[] twiddles = TwiddleTable.upTo(log2(a.length));
        if (parallel && a.length >= PARALLEL_THRESHOLD) {
            ForkJoinTask.invokeAll(new DitTask(a, 0, a.length, firstHalf, twiddles));
        } else {
            dit(a, 0, a.length, firstHalf, twiddles);
        }
    }

    private static void dit(long[] a, int from, int n, int firstHalf, long[] twiddles) {
        if (n <= CACHE_BLOCK || n <= firstHalf) {
            for (int half = firstHalf; half < n; half <<= 1) {
                for (int start = from; start < from + n; start += half << 1) {
                    ditStage(a, start, half, twiddles, 0, half);
                }
            }
            return;
        }
        int half = n >>> 1;
        dit(a, from, half, firstHalf, twiddles);
        dit(a, from + half, half, firstHalf, twiddles);
        ditStage(a, from, half, twiddles, 0, half);
    }

    /** One DIT butterfly stage: (u, v) → (u + v·w, u − v·w), w = ω_{2·half}^j, for j in [jFrom, jTo). */
    private static void ditStage(long[] a, int from, int half, long[] twiddles, int jFrom, int jTo) {
        for (int j = jFrom; j < jTo; j++) {
            int i = from + j;
            long u = a[i];
            long v = mul(a[i + half], twiddles[half + j]);
            a[i] = add(u, v);
            a[i + half] = sub(u, v);
        }
    }

    /** Parallel decimation in time: both halves forked, then the joining stage split in slices. */
    private static final class DitTask extends RecursiveAction {
        private final long[] a;
        private final int from;
        private final int n;
        private final int firstHalf;
        private final long[] twiddles;

        DitTask(long[] a, int from, int n, int firstHalf, long[] twiddles) {
            this.a = a;
            this.from = from;
            this.n = n;
            this.firstHalf = firstHalf;
            this.twiddles = twiddles;
        }

        @Override
        protected void compute() {
            if (n < PARALLEL_THRESHOLD || n <= firstHalf) {
                dit(a, from, n, firstHalf, twiddles);
                return;
            }
            int half = n >>> 1;
            ForkJoinTask.invokeAll(new DitTask(a, from, half, firstHalf, twiddles),
                    new DitTask(a, from + half, half, firstHalf, twiddles));
            int mid = half >>> 1;
            ForkJoinTask.invokeAll(new DitSlice(a, from, half, twiddles, 0, mid),
                    new DitSlice(a, from, half, twiddles, mid, half));
        }
    }

    private static final class DitSlice extends RecursiveAction {
        private final long[] a;
        private final int from;
        private final int half;
        private final long[] twiddles;
        private final int jFrom;
        private final int jTo;

        DitSlice(long[] a, int from, int half, long[] twiddles, int jFrom, int jTo) {
            this.a = a;
            this.from = from;
            this.half = half;
            this.twiddles = twiddles;
            this.jFrom = jFrom;
            this.jTo = jTo;
        }

        @Override
        protected void compute() {
            ditStage(a, from, half, twiddles, jFrom, jTo);
        }
    }

    /** Permutes a into bit-reversed index order (an involution). */
    public static void bitReverse(long[] a) {
        int n = a.length;
        int shift = Integer.SIZE - log2(n);
        if (n <= 2) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int j = Integer.reverse(i) >>> shift;
            if (i < j) {
                long t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
    }

    /** log2 of a power of two, rejecting anything else. */
    public static int log2(int n) {
        if (n <= 0 || (n & (n - 1)) != 0) {
            throw new IllegalArgumentException("size must be a power of two, got " + n);
        }
        return Integer.numberOfTrailingZeros(n);
    }
}
