package org.pouw.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * A 1×1 convolution with more filters than positions (a transformer's feed-forward expansion) takes the row-major
 * product, two positions a pass, its input gradient the dense two-rows-a-pass product, and with at least four filters
 * per channel its weight gradient two weight rows a pass over blocks of gradient rows: each must give every output
 * the one-term-at-a-time chain of the definition, bit for bit, on odd shapes and on 1, 2 and 3 threads.
 */
class PointwiseConvolutionTest {
    private static final int HEIGHT = 1;
    private static final int WIDTH = 5;

    @Test
    void forwardAndGradientsAreTheDefinitionsChains() {
        // 11 filters on 7 channels: the row-major forward; 13 on 3 (at least four filters per channel): the
        // row-major weight gradient too, over 45 gradient rows (more than one block, an odd row count) and an odd
        // number of weight rows.
        check(7, 11, 3);
        check(3, 13, 9);
    }

    private static void check(int channels, int filters, int batch) {
        SplittableRandom random = new SplittableRandom(28);
        int positions = HEIGHT * WIDTH;
        float[][] input = randomRows(batch, positions * channels, random);
        float[][] gradOutput = randomRows(batch, positions * filters, random);
        for (int threads = 1; threads <= 3; threads++) {
            Conv2dLayer conv = new Conv2dLayer(HEIGHT, WIDTH, channels, filters, 1);
            conv.initialise(5);
            float[][] w = conv.weight().value();
            float[] bias = conv.bias().value()[0];
            for (int f = 0; f < filters; f++) {
                bias[f] = f % 3 == 0 ? 0f : (float) (random.nextDouble() - 0.5);
            }
            try (ThreadTeam team = threads == 1 ? ThreadTeam.single() : ThreadTeam.sharingEveryRegion(threads)) {
                Pass pass = new Pass(true, 0L, team);
                float[][] out = conv.forward(input, pass);
                float[][] gradInput = conv.backward(gradOutput, true, pass);
                float[][] dW = conv.weight().gradient();
                for (int c = 0; c < channels; c++) {
                    for (int f = 0; f < filters; f++) {
                        float expected = 0f;
                        for (int b = 0; b < batch; b++) {
                            for (int p = 0; p < positions; p++) {
                                expected = expected + input[b][p * channels + c] * gradOutput[b][p * filters + f];
                            }
                        }
                        assertThat(Float.floatToRawIntBits(dW[c][f])).as("%d threads, dW %d/%d", threads, c, f)
                                .isEqualTo(Float.floatToRawIntBits(expected));
                    }
                }
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < positions; p++) {
                        for (int f = 0; f < filters; f++) {
                            float expected = bias[f];
                            for (int c = 0; c < channels; c++) {
                                expected = expected + input[b][p * channels + c] * w[c][f];
                            }
                            assertThat(Float.floatToRawIntBits(out[b][p * filters + f]))
                                    .as("%d threads, output %d/%d/%d", threads, b, p, f)
                                    .isEqualTo(Float.floatToRawIntBits(expected));
                        }
                        for (int c = 0; c < channels; c++) {
                            float expected = 0f;
                            for (int f = 0; f < filters; f++) {
                                expected = expected + gradOutput[b][p * filters + f] * w[c][f];
                            }
                            expected = 0f + expected;
                            assertThat(Float.floatToRawIntBits(gradInput[b][p * channels + c]))
                                    .as("%d threads, input gradient %d/%d/%d", threads, b, p, c)
                                    .isEqualTo(Float.floatToRawIntBits(expected));
                        }
                    }
                }
            }
        }
    }

    /** Values of mixed signs and magnitudes, a quarter exact zeros (a −0 among them). */
    private static float[][] randomRows(int rows, int columns, SplittableRandom random) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                int kind = random.nextInt(8);
                row[j] = kind == 0 ? 0f : kind == 1 ? -0f : (float) ((random.nextDouble() - 0.5) * StrictMath.pow(10, random.nextInt(5) - 2));
            }
        }
        return m;
    }
}
