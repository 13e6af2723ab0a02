package org.pouw.stark.poly;

import static org.pouw.crypto.Goldilocks.mul;

import java.util.stream.IntStream;
import org.pouw.stark.field.ExtVector;

/**
 * Low-degree extension: a polynomial given by its n coefficients, evaluated on the coset offset·⟨ω_N⟩ with
 * N = n·blowup. The coset keeps the extension domain disjoint from the trace domain ⟨ω_n⟩, so quotients by the
 * trace-domain vanishing polynomial never divide by zero there.
 */
public final class LowDegreeExtension {
    private LowDegreeExtension() {
    }

    /**
     * Evaluations of the polynomial with these coefficients on offset·⟨ω_N⟩, N = coefficients.length·blowup.
     *
     * <p>A decimation-in-time FFT wants its input in bit-reversed order. The zero-padded input has non-zeros only at
     * indices below n, which bit-reverse to multiples of the blowup b, so the first log2(b) stages only copy each
     * value across its block of b: the scaled coefficients are written straight to their bit-reversed slots and
     * broadcast, and the FFT starts at half-width b. That skips log2(b) of the log2(N) stages and the N-element
     * bit-reversal permutation.
     */
    public static long[] extend(long[] coefficients, int blowup, long offset, boolean parallel) {
        Ntt.log2(blowup);
        int n = coefficients.length;
        int size = Math.multiplyExact(n, blowup);
        long[] out = new long[size];
        int shift = Integer.SIZE - Ntt.log2(size);
        long power = 1;
        for (int k = 0; k < n; k++) {
            long value = mul(coefficients[k], power);
            power = mul(power, offset);
            int slot = size == 1 ? 0 : Integer.reverse(k) >>> shift;
            for (int i = 0; i < blowup; i++) {
                out[slot + i] = value;
            }
        }
        Ntt.ditFromBitReversed(out, blowup, parallel);
        return out;
    }

    /**
     * Interpolates each column over ⟨ω_n⟩, replacing its values by coefficients in place, and returns each
     * column's evaluations on offset·⟨ω_N⟩. Columns are processed in parallel; a lone column parallelises inside.
     */
    public static long[][] interpolateAndExtend(long[][] columns, int blowup, long offset) {
        long[][] extended = new long[columns.length][];
        boolean innerParallel = columns.length < Runtime.getRuntime().availableProcessors();
        IntStream.range(0, columns.length).parallel().forEach(c -> {
            Ntt.inverse(columns[c], innerParallel);
            extended[c] = extend(columns[c], blowup, offset, innerParallel);
        });
        return extended;
    }

    /** The extension of an extension-field polynomial given by split coefficients, one base column per part. */
    public static ExtVector extend(ExtVector coefficients, int blowup, long offset) {
        long[][] out = new long[coefficients.degree()][];
        IntStream.range(0, out.length).parallel()
                .forEach(i -> out[i] = extend(coefficients.part(i), blowup, offset, true));
        return new ExtVector(out);
    }
}
