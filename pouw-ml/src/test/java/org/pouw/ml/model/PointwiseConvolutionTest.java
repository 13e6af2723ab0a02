package org.pouw.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * A 1×1 convolution with more filters than positions (a transformer's feed-forward expansion) takes the row-major
 * product, two positions a pass, and its input gradient the dense two-rows-a-pass product: both must give every
 * output the one-term-at-a-time chain of the definition, bit for bit, on odd shapes and on 1, 2 and 3 threads.
 */
class PointwiseConvolutionTest {
    private static final int HEIGHT = 1;
    private static final int WIDTH = 5;
    private static final int CHANNELS = 7;
    private static final int FILTERS = 11;

    @Test
    void forwardAndInputGradientAreTheDefinitionsChains() {
        SplittableRandom random = new SplittableRandom(28);
        int batch = 3;
        int positions = HEIGHT * WIDTH;
        float[][] input = randomRows(batch, positions * CHANNELS, random);
        float[][] gradOutput = randomRows(batch, positions * FILTERS, random);
        for (int threads = 1; threads <= 3; threads++) {
            Conv2dLayer conv = new Conv2dLayer(HEIGHT, WIDTH, CHANNELS, FILTERS, 1);
            conv.initialise(5);
            float[][] w = conv.weight().value();
            float[] bias = conv.bias().value()[0];
            for (int f = 0; f < FILTERS; f++) {
                bias[f] = f % 3 == 0 ? 0f : (float) (random.nextDouble() - 0.5);
            }
            try (ThreadTeam team = threads == 1 ? ThreadTeam.single() : ThreadTeam.sharingEveryRegion(threads)) {
                Pass pass = new Pass(true, 0L, team);
                float[][] out = conv.forward(input, pass);
                float[][] gradInput = conv.backward(gradOutput, true, pass);
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < positions; p++) {
                        for (int f = 0; f < FILTERS; f++) {
                            float expected = bias[f];
                            for (int c = 0; c < CHANNELS; c++) {
                                expected = expected + input[b][p * CHANNELS + c] * w[c][f];
                            }
                            assertThat(Float.floatToRawIntBits(out[b][p * FILTERS + f]))
                                    .as("%d threads, output %d/%d/%d", threads, b, p, f)
                                    .isEqualTo(Float.floatToRawIntBits(expected));
                        }
                        for (int c = 0; c < CHANNELS; c++) {
                            float expected = 0f;
                            for (int f = 0; f < FILTERS; f++) {
                                expected = expected + gradOutput[b][p * FILTERS + f] * w[c][f];
                            }
                            expected = 0f + expected;
                            assertThat(Float.floatToRawIntBits(gradInput[b][p * CHANNELS + c]))
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
