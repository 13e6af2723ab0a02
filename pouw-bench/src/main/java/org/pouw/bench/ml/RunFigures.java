package org.pouw.bench.ml;

import java.util.Arrays;

/** The median of a benchmark's timed runs, and the runs rounded for printing. */
final class RunFigures {
    private RunFigures() {
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** To two decimals. */
    static double[] round(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i] * 100) / 100.0;
        }
        return out;
    }
}
