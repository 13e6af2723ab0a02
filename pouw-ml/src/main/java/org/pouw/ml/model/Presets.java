package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Reference architectures a client can name instead of spelling out every layer.
 *
 * <p>The CIFAR ResNets of He, Zhang, Ren and Sun ("Deep Residual Learning for Image Recognition", 2016, §4.2): a
 * 3×3 convolution, then three stages of {@code n} basic blocks with {@code w}, {@code 2w} and {@code 4w} filters
 * (the first block of the second and third stage halves the image with stride 2), global average pooling and a
 * dense classifier — {@code 6n + 2} weighted layers. A basic block is conv 3×3 → batch norm → ReLU → conv 3×3 →
 * batch norm, added to its shortcut, then ReLU; where the shape changes the shortcut is a strided 1×1 convolution
 * with batch normalisation (the paper's option B), elsewhere the identity.
 */
public final class Presets {
    private Presets() {
    }

    /** ResNet-8 (n = 1) for 32×32×3 images and 10 classes, w = 16: 78,378 parameters (conv layers keep their biases). */
    public static StackArchitecture resNet8() {
        return resNet(32, 32, 3, 1, 16, 10);
    }

    /** ResNet-20 (n = 3) for 32×32×3 images and 10 classes, w = 16: 273,258 parameters. */
    public static StackArchitecture resNet20() {
        return resNet(32, 32, 3, 3, 16, 10);
    }

    /** A CIFAR-style ResNet of {@code 6·blocksPerStage + 2} layers; tests use tiny images and widths. */
    public static StackArchitecture resNet(int height, int width, int channels, int blocksPerStage, int baseWidth,
                                           int classes) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(new LayerSpec.Conv(baseWidth, 3, 1, 1));
        layers.add(new LayerSpec.BatchNorm());
        layers.add(new LayerSpec.Act(Activation.RELU));
        int in = baseWidth;
        for (int stage = 0; stage < 3; stage++) {
            int filters = baseWidth << stage;
            for (int block = 0; block < blocksPerStage; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                List<LayerSpec> body = List.of(new LayerSpec.Conv(filters, 3, stride, 1), new LayerSpec.BatchNorm(),
                        new LayerSpec.Act(Activation.RELU), new LayerSpec.Conv(filters, 3, 1, 1), new LayerSpec.BatchNorm());
                List<LayerSpec> shortcut = stride != 1 || in != filters
                        ? List.of(new LayerSpec.Conv(filters, 1, stride, 0), new LayerSpec.BatchNorm())
                        : List.of();
                layers.add(new LayerSpec.Residual(body, shortcut));
                layers.add(new LayerSpec.Act(Activation.RELU));
                in = filters;
            }
        }
        layers.add(new LayerSpec.GlobalAvgPool());
        layers.add(new LayerSpec.Dense(classes));
        return new StackArchitecture(height, width, channels, layers);
    }

    /**
     * The decoder-only character (byte) language model: vocabulary 256, a context of 64 bytes, d_model 64, 4 heads
     * and 3 pre-norm blocks — 187,200 parameters. See {@link #transformer}.
     */
    public static StackArchitecture charTransformer() {
        return transformer(64, 256, 64, 4, 3);
    }

    /**
     * A GPT-style decoder-only transformer over {@code context} token ids: token and learned positional
     * embeddings, then {@code blocks} pre-norm blocks — {@code x + attention(layernorm(x))} with causal multi-head
     * self-attention, then {@code x + ffn(layernorm(x))} with the feed-forward network a position-wise (1×1
     * convolution) expansion to 4·d, GELU and projection back to d — a final layer norm, and the next-token logits
     * read from the last position by a dense layer.
     */
    public static StackArchitecture transformer(int context, int vocabulary, int width, int heads, int blocks) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(new LayerSpec.Embedding(vocabulary, width));
        layers.add(new LayerSpec.PositionalEmbedding());
        for (int block = 0; block < blocks; block++) {
            layers.add(new LayerSpec.Residual(List.of(new LayerSpec.LayerNorm(), new LayerSpec.Attention(heads, true)),
                    List.of()));
            layers.add(new LayerSpec.Residual(List.of(new LayerSpec.LayerNorm(), new LayerSpec.Conv(4 * width, 1, 1, 0),
                    new LayerSpec.Gelu(), new LayerSpec.Conv(width, 1, 1, 0)), List.of()));
        }
        layers.add(new LayerSpec.LayerNorm());
        layers.add(new LayerSpec.LastPosition());
        layers.add(new LayerSpec.Dense(vocabulary));
        return new StackArchitecture(1, context, 1, layers);
    }
}
