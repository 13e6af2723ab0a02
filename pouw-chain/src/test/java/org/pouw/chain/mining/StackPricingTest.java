package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Pass;
import org.pouw.ml.model.ResidualLayer;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * Tickets for a layer stack (pouw-ml's {@link StackArchitecture}, docs/chain.md §3.2) count exactly the products a
 * definition-level reference counts — every weight × activation product of every dense and convolution layer,
 * residual blocks included, with both operands non-zero, a strided or padded convolution reading the pixels it really
 * reads — and symmetric units are found inside residual blocks too. Before, a residual block's layers counted nothing
 * and were never checked for symmetric units, and a strided convolution was priced as if it read a contiguous window:
 * images whose non-zero pixels sit where the stride never reads earned tickets for products nobody computed.
 */
class StackPricingTest {
    private static final Pass TRAINING = new Pass(true, 0L, ThreadTeam.single());

    /** conv 3×3 stride 2 pad 1 → batch norm → ReLU → residual[conv 3×3 pad 1 → GELU → conv 1×1] → pool → dense. */
    private static StackArchitecture residualStack() {
        return new StackArchitecture(8, 8, 2, List.of(new LayerSpec.Conv(4, 3, 2, 1), new LayerSpec.BatchNorm(),
                new LayerSpec.Act(org.pouw.ml.model.Activation.RELU),
                new LayerSpec.Residual(List.of(new LayerSpec.Conv(4, 3, 1, 1), new LayerSpec.Gelu(),
                        new LayerSpec.Conv(4, 1, 1, 0)), List.of()),
                new LayerSpec.LayerNorm(), new LayerSpec.MaxPool(2), new LayerSpec.Dense(6), new LayerSpec.Dense(3)));
    }

    /** 8 × 8 × 2 images, a third of the pixels exactly zero, labels 0–2. */
    private static Dataset sparseImages(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][8 * 8 * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = random.nextInt(3) == 0 ? 0f : (float) (random.nextDouble() - 0.5 + 0.1 * y[i]);
            }
        }
        return Dataset.of(x, y, 3);
    }

    @Test
    void aResidualStackCountsExactlyTheReferenceProducts() {
        Network network = residualStack().build();
        network.initialise(11);
        zeroSome(network, 5);   // zero weights must not count
        Dataset images = sparseImages(6, 2);
        float[][] batch = new float[6][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = images.features(i);
        }
        boolean[] counted = {true, true, false, true, true, true};

        long reference = referenceProducts(network, batch, counted);
        ForwardWork work = new ForwardWork(counted);
        network.forward(batch, TRAINING, work);

        assertThat(reference).as("the stack does count something").isPositive();
        assertThat(work.multiplyAdds()).isEqualTo(reference);
        assertThat(work.finite()).isTrue();
    }

    /**
     * The attack on the old count: a 1×1 convolution of stride 2 reads the pixels at even rows and columns, and the
     * dataset's images are non-zero only at odd ones — no product of that layer has two non-zero operands. The old
     * count read a contiguous window of the image and paid for the odd pixels in it.
     */
    @Test
    void pixelsAStridedConvolutionNeverReadsEarnNothing() {
        StackArchitecture stack = new StackArchitecture(8, 8, 1, List.of(new LayerSpec.Conv(4, 1, 2, 0),
                new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3)));
        Network network = stack.build();
        network.initialise(3);
        float[][] batch = new float[4][64];
        for (float[] image : batch) {
            for (int y = 1; y < 8; y += 2) {
                for (int x = 1; x < 8; x += 2) {
                    image[y * 8 + x] = 1f;
                }
            }
        }
        boolean[] counted = {true, true, true, true};
        Conv2dLayer conv = (Conv2dLayer) network.layers().getFirst();

        ForwardWork work = new ForwardWork(counted);
        network.forward(batch, TRAINING, work);

        assertThat(PatchWindows.of(batch[0], conv)).containsOnly(0);
        long convProducts = 0;
        for (float[] image : batch) {
            convProducts += productsOf(conv, image);
        }
        assertThat(convProducts).as("the convolution's products with two non-zero operands").isZero();
        assertThat(work.multiplyAdds()).as("the dense layer's products only")
                .isEqualTo(referenceProducts(network, batch, counted));
    }

    /** Random geometries: the lattice windows are the windows counted position by position. */
    @Test
    void patchWindowsAreTheWindowsCountedPositionByPosition() {
        SplittableRandom random = new SplittableRandom(29);
        for (int round = 0; round < 400; round++) {
            int kernel = 1 + random.nextInt(5);
            int stride = 1 + random.nextInt(3);
            int padding = random.nextInt(kernel);
            int height = Math.max(1, kernel - 2 * padding) + random.nextInt(9);
            int width = Math.max(1, kernel - 2 * padding) + random.nextInt(9);
            int channels = 1 + random.nextInt(3);
            Conv2dLayer conv = new Conv2dLayer(height, width, channels, 2, kernel, stride, padding);
            float[] image = new float[height * width * channels];
            for (int j = 0; j < image.length; j++) {
                image[j] = random.nextInt(3) == 0 ? 0f : random.nextBoolean() ? -0f : 1f + j;
            }
            assertThat(PatchWindows.of(image, conv)).as("round %d: %s", round, conv.outHeight() + "x" + conv.outWidth())
                    .containsExactly(windowsByPosition(image, conv));
        }
    }

    @Test
    void identicalFiltersInsideAResidualBlockAreSymmetricUnits() {
        Network network = residualStack().build();
        network.initialise(11);
        assertThat(SymmetricUnits.present(network)).isFalse();

        ResidualLayer block = (ResidualLayer) network.layers().get(3);
        Conv2dLayer inner = (Conv2dLayer) block.body().get(2);
        for (float[] row : inner.weight().value()) {
            row[3] = row[1];
        }
        inner.bias().value()[0][3] = inner.bias().value()[0][1];

        assertThat(SymmetricUnits.present(network)).isTrue();
    }

    /** The chain's own step on a residual stack: counted as the reference counts, and the replay accepts it. */
    @Test
    void anHonestStackStepIsCountedAndItsReplayAccepted() {
        Dataset data = sparseImages(64, 4);
        TrainingTask task = MiningFixtures.task(residualStack(), new SgdMomentum(0.05f, 0.9f), 8, data, 1_000);
        TrainingState state = MiningFixtures.trained(task, data, 3);
        byte[] start = state.encode();

        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);
        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);

        assertThat(verdict.refusal()).isNull();
        int[] rows = TipKeyedBatch.draw(task.seed(), MINER, TIP, state.stepsDone(), data.size(),
                task.hyperparameters().batchSize());
        float[][] batch = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            batch[i] = data.features(rows[i]);
        }
        boolean[] counted = DistinctRecords.firstOfEach(new RecordTraits(data), rows);
        long reference = referenceProducts(TrainingState.decode(task, start).network(), batch, counted);
        assertThat(verdict.replay().countedMultiplyAdds()).isEqualTo(TicketRule.countedMultiplyAdds(reference));
    }

    // --- the reference: the definition, product by product ---

    /** Runs {@code network} layer by layer (a residual block's own layers one by one) and counts every product. */
    static long referenceProducts(Network network, float[][] batch, boolean[] counted) {
        long total = 0;
        float[][] x = batch;
        for (Layer layer : network.layers()) {
            if (layer instanceof ResidualLayer block) {
                for (List<Layer> branch : List.of(block.body(), block.shortcut())) {
                    float[][] h = x;
                    for (Layer inner : branch) {
                        total += products(inner, h, counted);
                        h = copy(inner.forward(h, TRAINING));
                    }
                }
            } else {
                total += products(layer, x, counted);
            }
            x = copy(layer.forward(x, TRAINING));
        }
        return total;
    }

    private static long products(Layer layer, float[][] input, boolean[] counted) {
        long total = 0;
        for (int i = 0; i < input.length; i++) {
            if (!counted[i]) {
                continue;
            }
            if (layer instanceof DenseLayer dense) {
                total += productsOf(dense, input[i]);
            } else if (layer instanceof Conv2dLayer conv) {
                total += productsOf(conv, input[i]);
            }
        }
        return total;
    }

    private static long productsOf(DenseLayer dense, float[] x) {
        float[][] w = dense.weight().value();
        long total = 0;
        for (int r = 0; r < x.length; r++) {
            for (int o = 0; o < w[r].length; o++) {
                total += x[r] != 0f && w[r][o] != 0f ? 1 : 0;
            }
        }
        return total;
    }

    private static long productsOf(Conv2dLayer conv, float[] image) {
        float[][] w = conv.weight().value();
        long total = 0;
        int k = conv.kernel();
        int c = conv.channels();
        for (int oy = 0; oy < conv.outHeight(); oy++) {
            for (int ox = 0; ox < conv.outWidth(); ox++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        for (int ch = 0; ch < c; ch++) {
                            float pixel = pixel(image, conv, oy * conv.stride() + ky - conv.padding(),
                                    ox * conv.stride() + kx - conv.padding(), ch);
                            for (int f = 0; f < conv.filters(); f++) {
                                total += pixel != 0f && w[(ky * k + kx) * c + ch][f] != 0f ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        return total;
    }

    private static int[] windowsByPosition(float[] image, Conv2dLayer conv) {
        int k = conv.kernel();
        int c = conv.channels();
        int[] windows = new int[k * k * c];
        for (int oy = 0; oy < conv.outHeight(); oy++) {
            for (int ox = 0; ox < conv.outWidth(); ox++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        for (int ch = 0; ch < c; ch++) {
                            float pixel = pixel(image, conv, oy * conv.stride() + ky - conv.padding(),
                                    ox * conv.stride() + kx - conv.padding(), ch);
                            windows[(ky * k + kx) * c + ch] += pixel != 0f ? 1 : 0;
                        }
                    }
                }
            }
        }
        return windows;
    }

    private static float pixel(float[] image, Conv2dLayer conv, int y, int x, int channel) {
        if (y < 0 || y >= conv.height() || x < 0 || x >= conv.width()) {
            return 0f;
        }
        return image[(y * conv.width() + x) * conv.channels() + channel];
    }

    /** Zeroes every {@code every}-th weight of every layer, so zero weights are part of what is counted. */
    private static void zeroSome(Network network, int every) {
        int at = 0;
        for (var parameter : network.parameters()) {
            for (float[] row : parameter.value()) {
                for (int j = 0; j < row.length; j++) {
                    if (at++ % every == 0) {
                        row[j] = 0f;
                    }
                }
            }
        }
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
