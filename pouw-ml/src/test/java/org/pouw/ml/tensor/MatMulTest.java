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
