package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A network named layer by layer: convolutions with stride and padding, normalisation, activations, pooling,
 * residual blocks and dense layers in any order the shapes allow, on channels-last {@code height × width ×
 * channels} records; the last layer's flat output is the logits. {@link Presets} builds the reference ResNets.
 *
 * <p><b>The largest model a task may name</b> (docs/ml.md §2): at most {@value #MAX_PARAMETERS} trainable
 * parameters, {@value #MAX_SPECS} layers, and per training step (batch × one record) at most 2^33 forward
 * multiply-adds and 2^28 working floats. Why: an audit opening carries a whole training state per audited step — with
 * Adam's two slots a 2^19-parameter state is 6 MiB, and 32 audited states plus the final one (198 MiB) still fit the
 * node's 256 MiB upload bound; a verifier replays every audited step, and 2^33 multiply-adds forward (about 3 × that
 * with the backward pass) keeps one replay to seconds on one core; 2^28 floats is 1 GiB of training buffers.
 */
public record StackArchitecture(int height, int width, int channels, List<LayerSpec> layers) implements Architecture {
    static final int TAG = 3;
    public static final int MAX_PARAMETERS = 1 << 19;
    public static final int MAX_SPECS = 256;
    public static final long MAX_STEP_MULTIPLY_ADDS = 1L << 33;
    public static final long MAX_STEP_WORKING_FLOATS = 1L << 28;
    private static final long MAX_FEATURES = 1L << 24;

    public StackArchitecture {
        InvalidSpecException.require(height >= 1 && height <= 1024, "height", "in [1, 1024]", height);
        InvalidSpecException.require(width >= 1 && width <= 1024, "width", "in [1, 1024]", width);
        InvalidSpecException.require(channels >= 1 && channels <= 1024, "channels", "in [1, 1024]", channels);
        InvalidSpecException.require(layers != null, "layers", "set", null);
        layers = List.copyOf(layers);
        int specs = 0;
        for (LayerSpec spec : layers) {
            specs += spec.specCount();
        }
        InvalidSpecException.require(specs >= 1 && specs <= MAX_SPECS, "layer count", "in [1, " + MAX_SPECS + "]", specs);
        InvalidSpecException.require((long) height * width * channels <= MAX_FEATURES, "input size", "at most 2^24",
                (long) height * width * channels);
        for (int i = 1; i < layers.size(); i++) {
            InvalidSpecException.require(!(layers.get(i) instanceof LayerSpec.Embedding), "layer " + i,
                    "not an embedding (an embedding passes no gradient back, so only the first layer may be one)", layers.get(i));
        }
        FeatureShape shape = new FeatureShape(height, width, channels);
        long parameters = 0;
        for (int i = 0; i < layers.size(); i++) {
            parameters += layers.get(i).parameterCount(shape);
            shape = layers.get(i).outputShape(shape);
            InvalidSpecException.require(shape.size() <= MAX_FEATURES, "layer " + i + " output size", "at most 2^24", shape.size());
        }
        InvalidSpecException.require(shape.isFlat(), "last layer output", "flat (end with dense or global pooling)", shape);
        InvalidSpecException.require(shape.channels() >= 2 && shape.channels() <= MAX_WIDTH, "classes (last layer outputs)",
                "in [2, 65536]", shape.channels());
        InvalidSpecException.require(parameters <= MAX_PARAMETERS, "parameter count", "at most " + MAX_PARAMETERS
                + " (2^19: a training state with Adam's slots must stay at most 6 MiB so 33 of them fit one audit opening)",
                parameters);
    }

    public FeatureShape inputShape() {
        return new FeatureShape(height, width, channels);
    }

    @Override
    public int inputSize() {
        return height * width * channels;
    }

    @Override
    public int classes() {
        return LayerSpec.chainShape(layers, inputShape()).channels();
    }

    @Override
    public long parameterCount() {
        return measure(LayerSpec::parameterCount);
    }

    @Override
    public long bufferCount() {
        return measure(LayerSpec::bufferCount);
    }

    /** Multiply-adds of one record's forward pass. */
    @Override
    public long multiplyAddsPerRecord() {
        return measure(LayerSpec::multiplyAdds);
    }

    /** {@link StrictMath} calls of one record's forward and backward pass. */
    public long strictMathCallsPerRecord() {
        return measure(LayerSpec::strictMathCalls);
    }

    /** Floats one record keeps in the layers' buffers while training. */
    public long workingFloatsPerRecord() {
        return measure(LayerSpec::workingFloats);
    }

    /** Refuses a batch size whose step would exceed the per-step bounds in the class comment. */
    public void requireBatchFits(int batchSize) {
        InvalidSpecException.require(multiplyAddsPerRecord() * batchSize <= MAX_STEP_MULTIPLY_ADDS,
                "batch size", "small enough that a step's forward pass is at most 2^33 multiply-adds ("
                        + multiplyAddsPerRecord() + " per record)", batchSize);
        InvalidSpecException.require(workingFloatsPerRecord() * batchSize <= MAX_STEP_WORKING_FLOATS,
                "batch size", "small enough that a step's training buffers are at most 2^28 floats ("
                        + workingFloatsPerRecord() + " per record)", batchSize);
    }

    private long measure(java.util.function.ToLongBiFunction<LayerSpec, FeatureShape> measure) {
        FeatureShape shape = inputShape();
        long total = 0;
        for (LayerSpec spec : layers) {
            total += measure.applyAsLong(spec, shape);
            shape = spec.outputShape(shape);
        }
        return total;
    }

    @Override
    public Network build() {
        return new Network(LayerSpec.buildChain(layers, inputShape(), null));
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(TAG).i32(height).i32(width).i32(channels).i32(layers.size());
        layers.forEach(spec -> spec.encodeTo(out));
    }

    static StackArchitecture decodeBody(CanonicalReader in) {
        int height = in.i32("stack height");
        int width = in.i32("stack width");
        int channels = in.i32("stack channels");
        int count = in.count("stack layers", MAX_SPECS, 1);
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(LayerSpec.decode(in, false));
        }
        if (layers.isEmpty()) {
            throw new EncodingException("stack layers: at least one layer");
        }
        return new StackArchitecture(height, width, channels, layers);
    }
}
