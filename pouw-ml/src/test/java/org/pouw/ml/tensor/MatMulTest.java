package org.pouw.ml.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatMulTest {
    @Test
    void everyElementIsTheOneTermAtATimeSumInAscendingOrder() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] a = sparseRandom(37, 53, random);
        float[][] b = sparseRandom(53, 29, random);
        float[][] c = new float[37][29];
        MatMul.accumulate(a, b, c, 0, 37);
        for (int i = 0; i < 37; i++) {
            for (int j = 0; j < 29; j++) {
                float expected = 0f;
                for (int k = 0; k < 53; k++) {
                    expected = expected + a[i][k] * b[k][j];
                }
                assertThat(Float.floatToIntBits(c[i][j])).as("c[%d][%d]", i, j).isEqualTo(Float.floatToIntBits(expected));
            }
        }
    }

    @Test
    void transposedProductSumsOverRowsInAscendingOrder() {
        SplittableRandom random = new SplittableRandom(4);
        float[][] a = sparseRandom(41, 19, random);
        float[][] b = sparseRandom(41, 23, random);
        float[][] c = new float[19][23];
        MatMul.accumulateTransposed(a, b, c, 0, 19);
        for (int r = 0; r < 19; r++) {
            for (int j = 0; j < 23; j++) {
                float expected = 0f;
                for (int i = 0; i < 41; i++) {
                    expected = expected + a[i][r] * b[i][j];
                }
                assertThat(Float.floatToIntBits(c[r][j])).isEqualTo(Float.floatToIntBits(expected));
            }
        }
    }

    @Test
    void denseWeightGradientHasTheSkippingFormsBitsWhenTheGradientIsFinite() {
        SplittableRandom random = new SplittableRandom(6);
        for (int m : new int[] {1, 7, 45}) {
            float[][] a = sparseRandom(m, 37, random);
            a[0][3] = -0f;
            float[][] b = sparseRandom(m, 21, random);
            assertThat(MatMul.allFinite(b)).isTrue();
            float[][] sparse = new float[37][21];
            MatMul.accumulateTransposed(a, b, sparse, 0, 37);
            // Split along the patch as threads split it (an empty part included): each element's chain is the same.
            float[][] dense = new float[37][21];
            for (float[] row : dense) {
                java.util.Arrays.fill(row, 5f); // overwritten, not added to
            }
            MatMul.transposedProductDense(a, b, dense, 0, 16);
            MatMul.transposedProductDense(a, b, dense, 16, 16);
            MatMul.transposedProductDense(a, b, dense, 16, 37);
            assertThat(bits(dense)).as("m = %d", m).isDeepEqualTo(bits(sparse));
        }
    }

    @Test
    void addingZeroTermsDiffersOnceAFactorIsInfinite_soTheDenseFormIsGuarded() {
        float[][] a = {{0f}, {2f}};
        float[][] b = {{Float.POSITIVE_INFINITY}, {1f}};
        float[][] sparse = new float[1][1];
        MatMul.accumulateTransposed(a, b, sparse, 0, 1);
        float[][] dense = new float[1][1];
        MatMul.transposedProductDense(a, b, dense, 0, 1);
        assertThat(sparse[0][0]).isEqualTo(2f);
        assertThat(dense[0][0]).isNaN();
        assertThat(MatMul.allFinite(b)).isFalse();
        assertThat(MatMul.allFinite(new float[][] {{1f, Float.NaN}})).isFalse();
    }

    @Test
    void positionChainsHaveTheSkippingFormsBitsFromABiasThatIsNotNegativeZero() {
        SplittableRandom random = new SplittableRandom(7);
        int positions = 29;
        int patch = 23;
        int filters = 5;
        float[][] patches = sparseRandom(positions, patch, random);
        float[][] w = sparseRandom(patch, filters, random);
        float[] bias = {0.25f, 0f, -1.5f, 3f, 0f};
        assertThat(MatMul.hasNegativeZero(bias)).isFalse();
        float[][] sparse = new float[positions][filters];
        for (float[] row : sparse) {
            System.arraycopy(bias, 0, row, 0, filters);
        }
        MatMul.accumulate(patches, w, sparse, 0, positions);
        float[][] patchesT = transposed(patches);
        float[][] denseT = new float[filters][positions];
        MatMul.positionChains(patchesT, w, 0, bias[0], bias[1], denseT[0], denseT[1]);
        MatMul.positionChains(patchesT, w, 2, bias[2], bias[3], denseT[2], denseT[3]);
        MatMul.positionChain(patchesT, w, 4, bias[4], denseT[4]);
        assertThat(bits(transposed(denseT))).isDeepEqualTo(bits(sparse));
        assertThat(MatMul.hasNegativeZero(new float[] {1f, -0f})).isTrue();
    }

    @Test
    void densePairGivesEachRowItsOwnOneTermAtATimeChain() {
        SplittableRandom random = new SplittableRandom(8);
        // Odd term counts (a tail after the four-term passes), odd row lengths, offsets into the left factors,
        // exact zeros and a −0 start.
        for (int terms : new int[] {1, 3, 4, 7, 13}) {
            for (int n : new int[] {1, 5, 17, 33}) {
                float[][] rows = sparseRandom(terms, n, random);
                float[] x0 = sparseRandom(1, terms + 3, random)[0];
                float[] x1 = sparseRandom(1, terms + 6, random)[0];
                float[] y0 = sparseRandom(1, n, random)[0];
                float[] y1 = sparseRandom(1, n, random)[0];
                y1[0] = -0f;
                float[] expected0 = y0.clone();
                float[] expected1 = y1.clone();
                for (int r = 0; r < terms; r++) {
                    for (int j = 0; j < n; j++) {
                        expected0[j] = expected0[j] + x0[3 + r] * rows[r][j];
                        expected1[j] = expected1[j] + x1[6 + r] * rows[r][j];
                    }
                }
                MatMul.accumulateDensePair(x0, 3, x1, 6, rows, y0, y1);
                assertThat(bits(new float[][] {y0, y1})).as("%d terms, rows of %d", terms, n)
                        .isDeepEqualTo(bits(new float[][] {expected0, expected1}));
                float[] single = expected0.clone();
                float[] again = y0.clone();
                MatMul.accumulateDense(x0, 3, rows, single);
                MatMul.accumulateDensePair(x0, 3, x0, 3, rows, again, again.clone());
                assertThat(Float.floatToRawIntBits(again[0])).isEqualTo(Float.floatToRawIntBits(single[0]));
            }
        }
    }

    @Test
    void fourTermPairUpdatesOnlyItsRangeWithEachRowsChain() {
        SplittableRandom random = new SplittableRandom(9);
        float[][] b = sparseRandom(4, 19, random);
        float[][] c = sparseRandom(2, 19, random);
        float[] a = {0.5f, 0f, -3f, 1e-20f, -0f, 7f, 2f, -0.125f};
        float[][] expected = {c[0].clone(), c[1].clone()};
        for (int row = 0; row < 2; row++) {
            for (int j = 3; j < 16; j++) {
                for (int t = 0; t < 4; t++) {
                    expected[row][j] = expected[row][j] + a[row * 4 + t] * b[t][j];
                }
            }
        }
        MatMul.addFourPair(c[0], c[1], 3, 16, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1], b[2], b[3]);
        assertThat(bits(c)).isDeepEqualTo(bits(expected));
    }

    private static float[][] transposed(float[][] m) {
        float[][] t = new float[m[0].length][m.length];
        MatMul.transpose(m, t);
        return t;
    }

    private static int[][] bits(float[][] m) {
        int[][] out = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new int[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = Float.floatToRawIntBits(m[i][j]);
            }
        }
        return out;
    }

    @Test
    void splittingRowsAcrossThreadsChangesNoBit() {
        SplittableRandom random = new SplittableRandom(5);
        float[][] a = sparseRandom(64, 300, random);
        float[][] b = sparseRandom(300, 96, random);
        float[][] single = new float[64][96];
        MatMul.accumulate(a, b, single, 0, 64);
        for (int threads = 2; threads <= 3; threads++) {
            float[][] split = new float[64][96];
            try (ThreadTeam team = ThreadTeam.of(threads)) {
                team.forRange(64, (from, to) -> MatMul.accumulate(a, b, split, from, to));
            }
            assertThat(split).isDeepEqualTo(single);
        }
    }

    private static float[][] sparseRandom(int rows, int columns, SplittableRandom random) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextInt(4) == 0 ? 0f : (float) (random.nextDouble() * 2 - 1);
            }
        }
        return m;
    }
}
