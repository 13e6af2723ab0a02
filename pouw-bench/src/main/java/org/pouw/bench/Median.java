package org.pouw.bench;

import java.util.Arrays;

/**
 * The median of a benchmark's rounds: what the benchmarks print, since one slow round (a GC, a neighbour's burst on
 * a shared machine) moves it less than the mean. The input is left as it was.
 */
public final class Median {
    private Median() {
    }

    /** The middle value; for an even count, the mean of the two middle ones. */
    public static double of(double[] values) {
        double[] sorted = sorted(values);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The middle value; for an even count, the upper of the two middle ones. The figures most benchmarks have printed
     * since they were written, kept so that a new run reads against the old ones (their round counts are odd by
     * default, where both agree).
     */
    public static double upper(double[] values) {
        double[] sorted = sorted(values);
        return sorted[sorted.length / 2];
    }

    private static double[] sorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
