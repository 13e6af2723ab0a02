package org.pouw.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;

/** Back-propagation agrees with central finite differences for every layer kind and both losses. */
class GradientCheckTest {
    @Test
    void mlpWithTanhAndSigmoid() {
        check(new MlpArchitecture(6, List.of(5, 4), Activation.TANH, 0f, 3).build(), 6, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        check(new MlpArchitecture(6, List.of(5), Activation.SIGMOID, 0f, 3).build(), 6, 3, Loss.MEAN_SQUARED_ERROR);
    }

    @Test
    void cnnWithConvolutionPoolingAndHiddenDense() {
        Network network = new CnnArchitecture(6, 6, 2, 3, 3, 2, 5, Activation.TANH, 3).build();
        check(network, 72, 3, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void convolutionWithStrideAndPadding() {
        // 7×7 is not a multiple of the stride, so the last row and column of padding are partly read.
        Network network = new Network(List.of(new Conv2dLayer(7, 7, 2, 3, 3, 2, 1),
                new ActivationLayer(Activation.TANH, 4 * 4 * 3), new DenseLayer(48, 3, null)));
        check(network, 98, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        Network pointwise = new Network(List.of(new Conv2dLayer(5, 5, 2, 3, 1, 2, 0), new DenseLayer(27, 3, null)));
        check(pointwise, 50, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        // More filters than positions: the row-major product (a transformer's feed-forward expansion).
        Network expansion = new Network(List.of(new Conv2dLayer(1, 3, 4, 7, 1), new ActivationLayer(Activation.TANH, 21),
                new DenseLayer(21, 3, null)));
        check(expansion, 12, 3, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void globalAveragePooling() {
        Network network = new Network(List.of(new Conv2dLayer(5, 5, 2, 4, 3, 1, 1),
                new ActivationLayer(Activation.TANH, 100), new GlobalAvgPoolLayer(25, 4), new DenseLayer(4, 3, null)));
        check(network, 50, 3, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void batchNormalisationInTrainingMode() {
        // Conv → BN → tanh: the conv's gradient checks BN's input gradient, γ and β check its own.
        Network network = new Network(List.of(new Conv2dLayer(4, 4, 2, 3, 3, 1, 1), new BatchNormLayer(16, 3),
                new ActivationLayer(Activation.TANH, 48), new DenseLayer(48, 3, null)));
        check(network, 32, 3, Loss.SOFTMAX_CROSS_ENTROPY, true);
        Network flat = new Network(List.of(new DenseLayer(6, 5, null), new BatchNormLayer(1, 5),
                new ActivationLayer(Activation.SIGMOID, 5), new DenseLayer(5, 3, null)));
        check(flat, 6, 3, Loss.MEAN_SQUARED_ERROR, true);
    }

    @Test
    void layerNormalisationAndGelu() {
        // Two positions of four channels: each position normalised on its own.
        Network network = new Network(List.of(new DenseLayer(6, 8, null), new LayerNormLayer(2, 4), new GeluLayer(8),
                new DenseLayer(8, 3, null)));
        check(network, 6, 3, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void residualBlocksWithIdentityAndProjectionShortcuts() {
        Network network = new Network(List.of(
                new Conv2dLayer(4, 4, 2, 3, 3, 1, 1),
                new ResidualLayer(List.of(new Conv2dLayer(4, 4, 3, 3, 3, 1, 1), new ActivationLayer(Activation.TANH, 48),
                        new Conv2dLayer(4, 4, 3, 3, 3, 1, 1)), List.of()),
                new ResidualLayer(List.of(new Conv2dLayer(4, 4, 3, 4, 3, 2, 1), new BatchNormLayer(4, 4)),
                        List.of(new Conv2dLayer(4, 4, 3, 4, 1, 2, 0), new BatchNormLayer(4, 4))),
                new ActivationLayer(Activation.TANH, 16), new GlobalAvgPoolLayer(4, 4), new DenseLayer(4, 3, null)));
        check(network, 32, 3, Loss.SOFTMAX_CROSS_ENTROPY, true);
    }

    @Test
    void tokenAndPositionalEmbeddings() {
        // Five tokens from a vocabulary of 7: ids repeat within and across records, so rows gather several terms.
        Network network = new Network(List.of(new EmbeddingLayer(5, 7, 4), new PositionalEmbeddingLayer(5, 4),
                new LayerNormLayer(5, 4), new GeluLayer(20), new DenseLayer(20, 3, null)));
        checkOn(network, 5, 3, Loss.SOFTMAX_CROSS_ENTROPY, true, 1e-2f, 7.0, true);
    }

    @Test
    void causalAndFullMultiHeadSelfAttention() {
        // Four positions of six channels in two heads; the dense layer reads every position, so every query, key
        // and value takes part in the loss.
        for (boolean causal : new boolean[] {true, false}) {
            Network network = new Network(List.of(new DenseLayer(8, 24, null),
                    new SelfAttentionLayer(4, 6, 2, causal), new DenseLayer(24, 3, null)));
            check(network, 8, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        }
    }

    @Test
    void tinyTransformerPreset() {
        // Embedding → positions → two pre-norm blocks (causal attention, 1×1-conv GELU feed-forward) → layer norm
        // → last position → dense: every layer the transformer preset uses, through the residual adds.
        Network network = Presets.transformer(5, 7, 4, 2, 2).build();
        checkOn(network, 5, 7, Loss.SOFTMAX_CROSS_ENTROPY, true, 1e-2f, 7.0, true);
    }

    @Test
    void causalAttentionIgnoresLaterPositions() {
        SelfAttentionLayer attention = new SelfAttentionLayer(4, 4, 2, true);
        attention.initialise(3);
        Pass pass = Pass.inference(ThreadTeam.single());
        float[][] x = new float[1][16];
        for (int i = 0; i < 16; i++) {
            x[0][i] = (i * 7 % 5) / 5f;
        }
        float[] before = attention.forward(x, pass)[0].clone();
        x[0][12] = 9f; // the last position's first channel
        float[] after = attention.forward(x, pass)[0];
        assertThat(java.util.Arrays.copyOf(after, 12)).containsExactly(java.util.Arrays.copyOf(before, 12));
        assertThat(after[12]).isNotEqualTo(before[12]);
    }

    @Test
    void tokenIdsOutsideTheVocabularyAreClampedNotThrown() {
        EmbeddingLayer embedding = new EmbeddingLayer(4, 3, 2);
        embedding.initialise(5);
        float[][] out = embedding.forward(new float[][] {{-1f, Float.NaN, 2.7f, 1e9f}}, Pass.inference(ThreadTeam.single()));
        float[][] table = embedding.table().value();
        assertThat(out[0]).containsExactly(table[0][0], table[0][1], table[0][0], table[0][1],
                table[2][0], table[2][1], table[2][0], table[2][1]);
    }

    @Test
    void tinyResNetPreset() {
        // ReLU's kinks: a step of 1e-2 in a stem weight moves enough normalised units across zero to skew the
        // difference quotient, so this check steps by 1e-3 (float rounding of the logits stays far below that).
        Network network = Presets.resNet(4, 4, 2, 1, 2, 3).build();
        check(network, 32, 3, Loss.SOFTMAX_CROSS_ENTROPY, true, 1e-3f);
    }

    private static void check(Network network, int inputs, int classes, Loss loss) {
        check(network, inputs, classes, loss, false);
    }

    /** {@code training}: forward passes in training mode (batch statistics), as the backward pass assumes for BN. */
    private static void check(Network network, int inputs, int classes, Loss loss, boolean training) {
        check(network, inputs, classes, loss, training, 1e-2f);
    }

    private static void check(Network network, int inputs, int classes, Loss loss, boolean training, float h) {
        checkOn(network, inputs, classes, loss, training, h, 1.0, false);
    }

    /** Inputs uniform in [0, scale), or their integer parts when {@code tokens} (token ids for an embedding). */
    private static void checkOn(Network network, int inputs, int classes, Loss loss, boolean training, float h,
                                double scale, boolean tokens) {
        network.initialise(11);
        SplittableRandom random = new SplittableRandom(2);
        float[][] x = new float[4][inputs];
        int[] labels = new int[4];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < inputs; j++) {
                x[i][j] = (float) (random.nextDouble() * scale);
                if (tokens) {
                    x[i][j] = (float) Math.floor(x[i][j]);
                }
            }
            labels[i] = random.nextInt(classes);
        }
        Pass pass = new Pass(training, 0L, ThreadTeam.single());
        float[][] grad = new float[4][classes];
        loss.lossAndGradient(network.forward(x, pass), labels, grad);
        network.backward(grad, pass);
        int checked = 0;
        for (Parameter p : network.parameters()) {
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.columns(); c += 2) {
                    float analytic = p.gradient()[r][c];
                    float saved = p.value()[r][c];
                    p.value()[r][c] = saved + h;
                    double up = loss.lossAndGradient(network.forward(x, pass), labels, new float[4][classes]);
                    p.value()[r][c] = saved - h;
                    double down = loss.lossAndGradient(network.forward(x, pass), labels, new float[4][classes]);
                    p.value()[r][c] = saved;
                    double numeric = (up - down) / (2 * h);
                    assertThat(Math.abs(numeric - analytic)).as("%s[%d][%d]", p.name(), r, c)
                            .isLessThan(2e-3 + 2e-2 * Math.abs(numeric));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }
}
