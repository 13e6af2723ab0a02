package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * One layer of a {@link StackArchitecture}, as a task names it: what it is and its settings, never its weights. A
 * spec knows the shape it turns its input shape into (and refuses, naming the setting, a shape it cannot take), how
 * many parameters and buffer floats it adds, what one record's forward pass costs in multiply-adds and in working
 * floats, and how to build the layer. Each spec is encoded as a tag byte and its settings (big-endian).
 */
public sealed interface LayerSpec {
    FeatureShape outputShape(FeatureShape in);

    long parameterCount(FeatureShape in);

    default long bufferCount(FeatureShape in) {
        return 0;
    }

    /** Multiply-adds of one record's forward pass (element-wise work counts one per element). */
    long multiplyAdds(FeatureShape in);

    /** {@link StrictMath} calls of one record's forward and backward pass (tanh, sigmoid and GELU units). */
    default long strictMathCalls(FeatureShape in) {
        return 0;
    }

    /** Floats the layer keeps per record while training (outputs, saved inputs, gradients, unrolled patches). */
    long workingFloats(FeatureShape in);

    /** The layer for input shape {@code in}; {@code next} is the spec that follows it, or null (for initialisation). */
    Layer build(FeatureShape in, LayerSpec next);

    void encodeTo(CanonicalWriter out);

    /** How many specs this is, counting those nested in it. */
    default int specCount() {
        return 1;
    }

    /** A 2-D convolution with {@code filters} output channels, a square kernel, a stride and zero padding. */
    record Conv(int filters, int kernel, int stride, int padding) implements LayerSpec {
        static final int TAG = 1;

        public Conv {
            InvalidSpecException.require(filters >= 1 && filters <= 1024, "conv filters", "in [1, 1024]", filters);
            InvalidSpecException.require(kernel >= 1 && kernel <= 15, "conv kernel", "in [1, 15]", kernel);
            InvalidSpecException.require(stride >= 1 && stride <= 8, "conv stride", "in [1, 8]", stride);
            InvalidSpecException.require(padding >= 0 && padding < kernel, "conv padding", "in [0, kernel " + kernel + ")", padding);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            InvalidSpecException.require(kernel <= in.height() + 2 * padding && kernel <= in.width() + 2 * padding,
                    "conv kernel", "at most the padded input " + in, kernel);
            return new FeatureShape(Conv2dLayer.outputExtent(in.height(), kernel, stride, padding),
                    Conv2dLayer.outputExtent(in.width(), kernel, stride, padding), filters);
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return (long) kernel * kernel * in.channels() * filters + filters;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return (long) outputShape(in).positions() * kernel * kernel * in.channels() * filters;
        }

        @Override
        public long workingFloats(FeatureShape in) {
            long positions = outputShape(in).positions();
            // Unrolled patches and their gradient, the product, its gradient and the output.
            return positions * kernel * kernel * in.channels() * 2 + positions * filters * 3 + in.size();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new Conv2dLayer(in.height(), in.width(), in.channels(), filters, kernel, stride, padding);
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG).i32(filters).u8(kernel).u8(stride).u8(padding);
        }
    }

    /** Batch normalisation per channel ({@link BatchNormLayer}). */
    record BatchNorm() implements LayerSpec {
        static final int TAG = 2;

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return in;
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 2L * in.channels();
        }

        @Override
        public long bufferCount(FeatureShape in) {
            return 2L * in.channels();
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return 2 * in.size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return 3 * in.size();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new BatchNormLayer(in.positions(), in.channels());
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG);
        }
    }

    /** Layer normalisation over each position's channels ({@link LayerNormLayer}). */
    record LayerNorm() implements LayerSpec {
        static final int TAG = 3;

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return in;
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 2L * in.channels();
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return 3 * in.size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return 3 * in.size() + in.positions();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new LayerNormLayer(in.positions(), in.channels());
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG);
        }
    }

    /** An element-wise ReLU, tanh or sigmoid ({@link ActivationLayer}). */
    record Act(Activation activation) implements LayerSpec {
        static final int TAG = 4;

        public Act {
            InvalidSpecException.require(activation != null, "activation", "set", null);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return in;
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 0;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return in.size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return 2 * in.size();
        }

        @Override
        public long strictMathCalls(FeatureShape in) {
            return activation == Activation.RELU ? 0 : in.size();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new ActivationLayer(activation, (int) in.size());
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG).u8(activation.ordinal());
        }
    }

    /** GELU, tanh form ({@link GeluLayer}). */
    record Gelu() implements LayerSpec {
        static final int TAG = 5;

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return in;
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 0;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return 8 * in.size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return 2 * in.size();
        }

        @Override
        public long strictMathCalls(FeatureShape in) {
            return 2 * in.size();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new GeluLayer((int) in.size());
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG);
        }
    }

    /** Non-overlapping max pooling ({@link MaxPool2dLayer}). */
    record MaxPool(int size) implements LayerSpec {
        static final int TAG = 6;

        public MaxPool {
            InvalidSpecException.require(size >= 1 && size <= 16, "max-pool size", "in [1, 16]", size);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            InvalidSpecException.require(size <= in.height() && size <= in.width(), "max-pool size",
                    "at most the input " + in, size);
            return new FeatureShape(in.height() / size, in.width() / size, in.channels());
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 0;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return in.size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return in.size() + 2 * outputShape(in).size();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new MaxPool2dLayer(in.height(), in.width(), in.channels(), size);
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG).u8(size);
        }
    }

    /** Each channel's mean over the positions ({@link GlobalAvgPoolLayer}); the output is flat. */
    record GlobalAvgPool() implements LayerSpec {
        static final int TAG = 7;

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return FeatureShape.flat(in.channels());
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 0;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return in.size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return in.size() + in.channels();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new GlobalAvgPoolLayer(in.positions(), in.channels());
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG);
        }
    }

    /** A fully connected layer on the flattened input ({@link DenseLayer}); the output is flat. */
    record Dense(int outputs) implements LayerSpec {
        static final int TAG = 8;

        public Dense {
            InvalidSpecException.require(outputs >= 1 && outputs <= Architecture.MAX_WIDTH, "dense outputs", "in [1, 65536]", outputs);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return FeatureShape.flat(outputs);
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return in.size() * outputs + outputs;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return in.size() * outputs;
        }

        @Override
        public long workingFloats(FeatureShape in) {
            // The gathered input terms (values and indices), the output and the input gradient.
            return 3 * in.size() + 2L * outputs;
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            Activation followedBy = next instanceof Act act ? act.activation() : null;
            return new DenseLayer((int) in.size(), outputs, followedBy);
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG).i32(outputs);
        }
    }

    /**
     * A residual block ({@link ResidualLayer}): {@code body(x) + shortcut(x)}, the shortcut the identity when empty.
     * Both branches must end in the same shape; blocks do not nest.
     */
    record Residual(List<LayerSpec> body, List<LayerSpec> shortcut) implements LayerSpec {
        static final int TAG = 9;
        static final int MAX_BRANCH = 16;

        public Residual {
            InvalidSpecException.require(body != null && shortcut != null, "residual branches", "set", null);
            body = List.copyOf(body);
            shortcut = List.copyOf(shortcut);
            InvalidSpecException.require(!body.isEmpty() && body.size() <= MAX_BRANCH, "residual body length", "in [1, 16]", body.size());
            InvalidSpecException.require(shortcut.size() <= MAX_BRANCH, "residual shortcut length", "at most 16", shortcut.size());
            for (LayerSpec spec : body) {
                InvalidSpecException.require(!(spec instanceof Residual), "residual body", "free of nested residual blocks", spec);
                InvalidSpecException.require(!(spec instanceof Embedding), "residual body", "free of embeddings (first layer only)", spec);
            }
            for (LayerSpec spec : shortcut) {
                InvalidSpecException.require(!(spec instanceof Residual), "residual shortcut", "free of nested residual blocks", spec);
                InvalidSpecException.require(!(spec instanceof Embedding), "residual shortcut", "free of embeddings (first layer only)", spec);
            }
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            FeatureShape main = chainShape(body, in);
            FeatureShape side = chainShape(shortcut, in);
            InvalidSpecException.require(main.equals(side), "residual shortcut output shape", "the body's " + main, side);
            return main;
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return sum(in, LayerSpec::parameterCount);
        }

        @Override
        public long bufferCount(FeatureShape in) {
            return sum(in, LayerSpec::bufferCount);
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return sum(in, LayerSpec::multiplyAdds) + outputShape(in).size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return sum(in, LayerSpec::workingFloats) + 2 * outputShape(in).size();
        }

        @Override
        public long strictMathCalls(FeatureShape in) {
            return sum(in, LayerSpec::strictMathCalls);
        }

        private long sum(FeatureShape in, java.util.function.ToLongBiFunction<LayerSpec, FeatureShape> measure) {
            long total = 0;
            for (List<LayerSpec> branch : List.of(body, shortcut)) {
                FeatureShape shape = in;
                for (LayerSpec spec : branch) {
                    total += measure.applyAsLong(spec, shape);
                    shape = spec.outputShape(shape);
                }
            }
            return total;
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new ResidualLayer(buildChain(body, in, null), buildChain(shortcut, in, null));
        }

        @Override
        public int specCount() {
            return 1 + body.size() + shortcut.size();
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG).u8(body.size());
            body.forEach(spec -> spec.encodeTo(out));
            out.u8(shortcut.size());
            shortcut.forEach(spec -> spec.encodeTo(out));
        }
    }

    /**
     * A token embedding ({@link EmbeddingLayer}): the input is {@code 1 × sequence × 1} token ids, the output
     * {@code 1 × sequence × dim}. Only the first layer of a stack may be one.
     */
    record Embedding(int vocab, int dim) implements LayerSpec {
        static final int TAG = 10;

        public Embedding {
            InvalidSpecException.require(vocab >= 2 && vocab <= Architecture.MAX_WIDTH, "embedding vocabulary", "in [2, 65536]", vocab);
            InvalidSpecException.require(dim >= 1 && dim <= 4096, "embedding width", "in [1, 4096]", dim);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            InvalidSpecException.require(in.height() == 1 && in.channels() == 1, "embedding input",
                    "1 × sequence × 1 token ids", in);
            return new FeatureShape(1, in.width(), dim);
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return (long) vocab * dim;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return (long) in.width() * dim;
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return 2L * in.width() * dim;
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new EmbeddingLayer(in.width(), vocab, dim);
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG).i32(vocab).i32(dim);
        }
    }

    /** Learned positional embeddings added to each position's channels ({@link PositionalEmbeddingLayer}). */
    record PositionalEmbedding() implements LayerSpec {
        static final int TAG = 11;

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return in;
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return in.size();
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return in.size();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return in.size();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new PositionalEmbeddingLayer(in.positions(), in.channels());
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG);
        }
    }

    /**
     * Multi-head self-attention over the positions of its input ({@link SelfAttentionLayer}), causal or not; the
     * channels must divide into the heads. Output shape = input shape.
     */
    record Attention(int heads, boolean causal) implements LayerSpec {
        static final int TAG = 12;

        public Attention {
            InvalidSpecException.require(heads >= 1 && heads <= 64, "attention heads", "in [1, 64]", heads);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            InvalidSpecException.require(in.channels() % heads == 0, "attention heads",
                    "a divisor of the input's " + in.channels() + " channels", heads);
            InvalidSpecException.require(in.positions() <= 4096, "attention positions", "at most 4096", in.positions());
            return in;
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 4L * in.channels() * in.channels() + 4L * in.channels();
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            long positions = in.positions();
            return 4 * positions * in.channels() * in.channels() + 2 * positions * positions * in.channels();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            // Saved input, Q, K, V, context, output, their five gradients and the input gradient; the probabilities.
            long positions = in.positions();
            return 12 * in.size() + (long) heads * positions * positions;
        }

        @Override
        public long strictMathCalls(FeatureShape in) {
            long positions = in.positions();
            return heads * (causal ? positions * (positions + 1) / 2 : positions * positions);
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new SelfAttentionLayer(in.positions(), in.channels(), heads, causal);
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG).u8(heads).bool(causal);
        }
    }

    /** The last position's channels ({@link LastPositionLayer}); the output is flat. */
    record LastPosition() implements LayerSpec {
        static final int TAG = 13;

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return FeatureShape.flat(in.channels());
        }

        @Override
        public long parameterCount(FeatureShape in) {
            return 0;
        }

        @Override
        public long multiplyAdds(FeatureShape in) {
            return in.channels();
        }

        @Override
        public long workingFloats(FeatureShape in) {
            return in.size() + in.channels();
        }

        @Override
        public Layer build(FeatureShape in, LayerSpec next) {
            return new LastPositionLayer(in.positions(), in.channels());
        }

        @Override
        public void encodeTo(CanonicalWriter out) {
            out.u8(TAG);
        }
    }

    /** The shape after {@code specs}, each checking the shape it is given. */
    static FeatureShape chainShape(List<LayerSpec> specs, FeatureShape in) {
        FeatureShape shape = in;
        for (LayerSpec spec : specs) {
            shape = spec.outputShape(shape);
        }
        return shape;
    }

    static List<Layer> buildChain(List<LayerSpec> specs, FeatureShape in, LayerSpec after) {
        List<Layer> layers = new ArrayList<>();
        FeatureShape shape = in;
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            layers.add(spec.build(shape, i + 1 < specs.size() ? specs.get(i + 1) : after));
            shape = spec.outputShape(shape);
        }
        return layers;
    }

    /** Decodes one spec; {@code nested} is true inside a residual block, where another block is refused. */
    static LayerSpec decode(CanonicalReader in, boolean nested) {
        int tag = in.u8("layer kind");
        return switch (tag) {
            case Conv.TAG -> new Conv(in.i32("conv filters"), in.u8("conv kernel"), in.u8("conv stride"), in.u8("conv padding"));
            case BatchNorm.TAG -> new BatchNorm();
            case LayerNorm.TAG -> new LayerNorm();
            case Act.TAG -> new Act(Architecture.decodeActivation(in));
            case Gelu.TAG -> new Gelu();
            case MaxPool.TAG -> new MaxPool(in.u8("max-pool size"));
            case GlobalAvgPool.TAG -> new GlobalAvgPool();
            case Dense.TAG -> new Dense(in.i32("dense outputs"));
            case Embedding.TAG -> new Embedding(in.i32("embedding vocabulary"), in.i32("embedding width"));
            case PositionalEmbedding.TAG -> new PositionalEmbedding();
            case Attention.TAG -> new Attention(in.u8("attention heads"), in.bool("attention causal"));
            case LastPosition.TAG -> new LastPosition();
            case Residual.TAG -> {
                if (nested) {
                    throw new EncodingException("layer kind: residual blocks do not nest");
                }
                List<LayerSpec> body = decodeList(in, "residual body", Residual.MAX_BRANCH);
                List<LayerSpec> shortcut = decodeList(in, "residual shortcut", Residual.MAX_BRANCH);
                yield new Residual(body, shortcut);
            }
            default -> throw new EncodingException("layer kind: unknown tag " + tag);
        };
    }

    private static List<LayerSpec> decodeList(CanonicalReader in, String field, int max) {
        int count = in.u8(field + " length");
        if (count > max) {
            throw new EncodingException(field + " length: at most " + max + ", got " + count);
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(decode(in, true));
        }
        return specs;
    }
}
