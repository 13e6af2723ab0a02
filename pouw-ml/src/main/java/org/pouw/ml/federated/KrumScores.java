package org.pouw.ml.federated;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Krum's score (Blanchard et al., NeurIPS 2017, §4): for each update, the sum of squared Euclidean distances to
 * its n − f − 2 nearest other updates. Honest updates cluster, so they score low; an outlier scores high however
 * it was crafted. Distances are summed in double in coordinate order; a NaN distance counts as +∞.
 */
final class KrumScores {
    private KrumScores() {
    }

    /** Worker indices ordered by ascending score, ties by index. */
    static Integer[] ranking(List<float[]> updates, int byzantine) {
        int n = updates.size();
        double[][] distance = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                double d = squaredDistance(updates.get(a), updates.get(b));
                distance[a][b] = d;
                distance[b][a] = d;
            }
        }
        int neighbours = n - byzantine - 2;
        double[] score = new double[n];
        for (int a = 0; a < n; a++) {
            double[] others = new double[n - 1];
            int k = 0;
            for (int b = 0; b < n; b++) {
                if (b != a) {
                    others[k++] = distance[a][b];
                }
            }
            Arrays.sort(others);
            double sum = 0.0;
            for (int i = 0; i < neighbours; i++) {
                sum += others[i];
            }
            score[a] = sum;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> score[i]).thenComparingInt(i -> i));
        return order;
    }

    private static double squaredDistance(float[] x, float[] y) {
        double sum = 0.0;
        for (int j = 0; j < x.length; j++) {
            double d = (double) x[j] - y[j];
            sum += d * d;
        }
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }

    static void requireEnough(int n, int byzantine) {
        if (n < 2 * byzantine + 3) {
            throw new IllegalArgumentException("Krum with f = " + byzantine + " needs at least 2f + 3 = "
                    + (2 * byzantine + 3) + " updates, got " + n);
        }
    }
}
