package org.pouw.stark.poly;

import static org.pouw.stark.field.Goldilocks.mul;

import java.util.stream.IntStream;
import org.pouw.stark.field.Fp2Vector;

/**
 * Low-degree extension: a polynomial given by its n coefficients, evaluated on the coset offset·⟨ω_N⟩ with
 * N = n·blowup. The coset keeps the extension domain disjoint from the trace domain ⟨ω_n⟩, so quotients by the
 * trace-domain vanishing polynomial never divide by zero there.
 */
public final class LowDegreeExtension {
    private LowDegreeExtension() {
    }

    /** Evaluations of the polynomial with these coefficients on offset·⟨ω_N⟩, N = coefficients.length·blowup. */
    public static long[] extend(long[] coefficients, int blowup, long offset, boolean parallel) {
        Ntt.log2(blowup);
        long[] out = new long[Math.multiplyExact(coefficients.length, blowup)];
        long power = 1;
        for (int k = 0; k < coefficients.length; k++) {
            out[k] = mul(coefficients[k], power); // the zero padding needs no scaling
            power = mul(power, offset);
        }
        Ntt.forward(out, parallel);
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

    /** The extension of an F_p² polynomial given by split coefficients. */
    public static Fp2Vector extend(Fp2Vector coefficients, int blowup, long offset) {
        long[][] parts = {coefficients.c0(), coefficients.c1()};
        long[][] out = new long[2][];
        IntStream.range(0, 2).parallel().forEach(i -> out[i] = extend(parts[i], blowup, offset, true));
        return new Fp2Vector(out[0], out[1]);
    }
}
