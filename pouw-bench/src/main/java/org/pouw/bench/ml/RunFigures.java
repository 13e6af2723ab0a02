package org.pouw.bench.ml;


/** The median of a benchmark's timed runs, and the runs rounded for printing. */
final class RunFigures {
    private RunFigures() {
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
