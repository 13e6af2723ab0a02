package org.pouw.ml.onnx;

import java.util.List;
import org.pouw.ml.model.ActivationLayer;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.BatchNormLayer;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.DropoutLayer;
import org.pouw.ml.model.EmbeddingLayer;
import org.pouw.ml.model.FeatureShape;
import org.pouw.ml.model.GeluLayer;
import org.pouw.ml.model.GlobalAvgPoolLayer;
import org.pouw.ml.model.LastPositionLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerNormLayer;
import org.pouw.ml.model.MaxPool2dLayer;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.PositionalEmbeddingLayer;
import org.pouw.ml.model.ResidualLayer;
import org.pouw.ml.model.SelfAttentionLayer;
import org.pouw.ml.onnx.OnnxGraph.Attribute;

/**
 * A trained network as a standard ONNX model (IR version 8, opset 17, default domain only): input {@code "input"}
 * {@code [batch, features]} exactly as the engine takes records (images channels-last, token ids as floats), output
 * {@code "logits"} {@code [batch, classes]}. docs/ml.md ("ONNX export") has the layer-by-layer mapping.
 *
 * <p>The engine keeps a record as one flat row; ONNX's convolutions want NCHW. The exporter follows each value's
 * layout — flat {@code [N, size]}, sequence {@code [N, positions, channels]} or image {@code [N, C, H, W]} — and
 * inserts a Reshape/Transpose only where the next operator needs another, so a ResNet stays NCHW between its
 * convolutions and a transformer stays a sequence between its blocks.
 */
public final class OnnxExport {
    private enum Form {
        FLAT,
        SEQUENCE,
        IMAGE
    }

    /** A value in the graph: its name, layout and the engine's shape for it. */
    private record Value(String name, Form form, FeatureShape shape) {
    }

    private final OnnxGraph graph = new OnnxGraph();

    private OnnxExport() {
    }

    /** The ONNX model bytes of {@code network}, built for {@code architecture}, at inference (running statistics). */
    public static byte[] export(Architecture architecture, Network network) {
        OnnxExport export = new OnnxExport();
        FeatureShape in = architecture instanceof org.pouw.ml.model.StackArchitecture stack ? stack.inputShape()
                : architecture instanceof org.pouw.ml.model.CnnArchitecture cnn
                        ? new FeatureShape(cnn.height(), cnn.width(), cnn.channels())
                        : FeatureShape.flat(architecture.inputSize());
        Value out = export.chain(network.layers(), new Value("input", Form.FLAT, in));
        export.graph.output(export.flat(out).name(), "logits");
        return export.graph.model("input", architecture.inputSize(), "logits", architecture.classes(),
                "exported by pouw-ml from " + architecture.getClass().getSimpleName());
    }

    private Value chain(List<Layer> layers, Value value) {
        Value current = value;
        for (Layer layer : layers) {
            current = layer(layer, current);
        }
        return current;
    }

    private Value layer(Layer layer, Value x) {
        return switch (layer) {
            case DenseLayer dense -> dense(dense, x);
            case ActivationLayer activation -> same(x, switch (activation.activation()) {
                case RELU -> graph.node("Relu", List.of(x.name()));
                case TANH -> graph.node("Tanh", List.of(x.name()));
                case SIGMOID -> graph.node("Sigmoid", List.of(x.name()));
            });
            case DropoutLayer ignored -> x;
            case Conv2dLayer conv -> conv(conv, x);
            case MaxPool2dLayer pool -> {
                Value image = image(x);
                yield new Value(graph.node("MaxPool", List.of(image.name()), Attribute.ints("kernel_shape", pool.size(), pool.size()),
                        Attribute.ints("strides", pool.size(), pool.size())), Form.IMAGE,
                        new FeatureShape(pool.height() / pool.size(), pool.width() / pool.size(), pool.channels()));
            }
            case GlobalAvgPoolLayer ignored -> {
                Value sequence = sequence(x);
                yield new Value(graph.node("ReduceMean", List.of(sequence.name()), Attribute.ints("axes", 1),
                        Attribute.of("keepdims", 0L)), Form.FLAT, FeatureShape.flat(x.shape().channels()));
            }
            case BatchNormLayer norm -> batchNorm(norm, x);
            case LayerNormLayer norm -> {
                Value sequence = sequence(x);
                int c = norm.channels();
                yield same(sequence, graph.node("LayerNormalization", List.of(sequence.name(),
                        graph.floats("ln_gamma", row(norm.gamma()), c), graph.floats("ln_beta", row(norm.beta()), c)),
                        Attribute.of("axis", -1L), Attribute.of("epsilon", 1e-5f)));
            }
            case GeluLayer ignored -> gelu(x);
            case ResidualLayer residual -> {
                Value body = chain(residual.body(), x);
                Value shortcut = chain(residual.shortcut(), x);
                Value aligned = to(body.form(), shortcut);
                yield same(body, graph.node("Add", List.of(body.name(), aligned.name())));
            }
            case EmbeddingLayer embedding -> embedding(embedding, x);
            case PositionalEmbeddingLayer positions -> {
                Value sequence = sequence(x);
                yield same(sequence, graph.node("Add", List.of(sequence.name(), graph.floats("positions",
                        flatten(positions.table()), positions.positions(), positions.channels()))));
            }
            case SelfAttentionLayer attention -> attention(attention, x);
            case LastPositionLayer last -> {
                Value sequence = sequence(x);
                yield new Value(graph.node("Gather", List.of(sequence.name(),
                        graph.longs("last", new long[] {last.positions() - 1})), Attribute.of("axis", 1L)),
                        Form.FLAT, FeatureShape.flat(last.channels()));
            }
            default -> throw new IllegalArgumentException("no ONNX mapping for " + layer.getClass().getSimpleName());
        };
    }

    private Value dense(DenseLayer dense, Value x) {
        Value in = flat(x);
        int inputs = dense.inputSize();
        int outputs = dense.outputSize();
        String y = graph.node("Gemm", List.of(in.name(), graph.floats("dense_w", flatten(dense.weight()), inputs, outputs),
                graph.floats("dense_b", row(dense.bias()), outputs)));
        return new Value(y, Form.FLAT, FeatureShape.flat(outputs));
    }

    /** The engine's weight row {@code (ky·K + kx)·C + c}, column f, is ONNX's {@code W[f][c][ky][kx]}. */
    private Value conv(Conv2dLayer conv, Value x) {
        Value image = image(x);
        int k = conv.kernel();
        int c = conv.channels();
        int f = conv.filters();
        float[][] w = conv.weight().value();
        float[] onnx = new float[f * c * k * k];
        for (int filter = 0; filter < f; filter++) {
            for (int channel = 0; channel < c; channel++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        onnx[((filter * c + channel) * k + ky) * k + kx] = w[(ky * k + kx) * c + channel][filter];
                    }
                }
            }
        }
        int p = conv.padding();
        String y = graph.node("Conv", List.of(image.name(), graph.floats("conv_w", onnx, f, c, k, k),
                graph.floats("conv_b", row(conv.bias()), f)), Attribute.ints("kernel_shape", k, k),
                Attribute.ints("strides", conv.stride(), conv.stride()), Attribute.ints("pads", p, p, p, p));
        return new Value(y, Form.IMAGE, new FeatureShape(conv.outHeight(), conv.outWidth(), f));
    }

    /** Inference form: {@code (x − mean)·(1/√(var + ε))·γ + β} with the scale rounded to float as the engine does. */
    private Value batchNorm(BatchNormLayer norm, Value x) {
        int c = norm.channels();
        float[] mean = row(norm.runningMean());
        float[] variance = row(norm.runningVariance());
        float[] scale = new float[c];
        for (int i = 0; i < c; i++) {
            scale[i] = (float) (1.0 / Math.sqrt(variance[i] + 1e-5));
        }
        Value in = x.form() == Form.IMAGE ? x : sequence(x);
        long[] dims = in.form() == Form.IMAGE ? new long[] {c, 1, 1} : new long[] {c};
        String centred = graph.node("Sub", List.of(in.name(), graph.floats("bn_mean", mean, dims)));
        String scaled = graph.node("Mul", List.of(centred, graph.floats("bn_scale", scale, dims)));
        String weighted = graph.node("Mul", List.of(scaled, graph.floats("bn_gamma", row(norm.gamma()), dims)));
        return same(in, graph.node("Add", List.of(weighted, graph.floats("bn_beta", row(norm.beta()), dims))));
    }

    /** {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, the tanh form the engine uses. */
    private Value gelu(Value x) {
        String cube = graph.node("Mul", List.of(graph.node("Mul", List.of(x.name(), x.name())), x.name()));
        String inner = graph.node("Add", List.of(x.name(), graph.node("Mul", List.of(cube, scalar(0.044715f)))));
        String tanh = graph.node("Tanh", List.of(graph.node("Mul", List.of(inner,
                scalar((float) StrictMath.sqrt(2.0 / StrictMath.PI))))));
        String half = graph.node("Mul", List.of(x.name(), scalar(0.5f)));
        return same(x, graph.node("Mul", List.of(half, graph.node("Add", List.of(tanh, scalar(1f))))));
    }

    /** Ids clamped to [0, vocabulary − 1] and truncated, as the engine reads them, then a row lookup. */
    private Value embedding(EmbeddingLayer embedding, Value x) {
        Value ids = flat(x);
        String clipped = graph.node("Clip", List.of(ids.name(), scalar(0f), scalar(embedding.vocabulary() - 1)));
        String integral = graph.node("Cast", List.of(clipped), Attribute.of("to", 7L));
        String rows = graph.node("Gather", List.of(graph.floats("embedding", flatten(embedding.table()),
                embedding.vocabulary(), embedding.width()), integral), Attribute.of("axis", 0L));
        return new Value(rows, Form.SEQUENCE, new FeatureShape(1, embedding.sequence(), embedding.width()));
    }

    private Value attention(SelfAttentionLayer attention, Value x) {
        Value in = sequence(x);
        int t = attention.positions();
        int c = attention.width();
        int h = attention.heads();
        int d = c / h;
        List<Parameter> p = attention.projections();
        String q = heads(project(in.name(), p.get(0), p.get(1)), t, h, d, new long[] {0, 2, 1, 3});
        String kT = heads(project(in.name(), p.get(2), p.get(3)), t, h, d, new long[] {0, 2, 3, 1});
        String v = heads(project(in.name(), p.get(4), p.get(5)), t, h, d, new long[] {0, 2, 1, 3});
        String scores = graph.node("Mul", List.of(graph.node("MatMul", List.of(q, kT)),
                scalar((float) (1.0 / Math.sqrt(d)))));
        if (attention.causal()) {
            float[] mask = new float[t * t];
            for (int row = 0; row < t; row++) {
                for (int col = row + 1; col < t; col++) {
                    mask[row * t + col] = Float.NEGATIVE_INFINITY;
                }
            }
            scores = graph.node("Add", List.of(scores, graph.floats("causal_mask", mask, t, t)));
        }
        String probabilities = graph.node("Softmax", List.of(scores), Attribute.of("axis", -1L));
        String context = graph.node("MatMul", List.of(probabilities, v));
        String merged = graph.node("Reshape", List.of(graph.node("Transpose", List.of(context),
                Attribute.ints("perm", 0, 2, 1, 3)), graph.shape(-1, t, c)));
        return same(in, project(merged, p.get(6), p.get(7)));
    }

    private String project(String x, Parameter weight, Parameter bias) {
        return graph.node("Add", List.of(graph.node("MatMul", List.of(x, graph.floats("attention_w", flatten(weight),
                weight.rows(), weight.columns()))), graph.floats("attention_b", row(bias), bias.columns())));
    }

    private String heads(String x, int t, int h, int d, long[] perm) {
        return graph.node("Transpose", List.of(graph.node("Reshape", List.of(x, graph.shape(-1, t, h, d)))),
                Attribute.ints("perm", perm));
    }

    private Value to(Form form, Value x) {
        return switch (form) {
            case FLAT -> flat(x);
            case SEQUENCE -> sequence(x);
            case IMAGE -> image(x);
        };
    }

    private Value flat(Value x) {
        if (x.form() == Form.FLAT) {
            return x;
        }
        String channelsLast = x.form() == Form.IMAGE ? nhwc(x) : x.name();
        return new Value(graph.node("Reshape", List.of(channelsLast, graph.shape(-1, x.shape().size()))), Form.FLAT, x.shape());
    }

    private Value sequence(Value x) {
        if (x.form() == Form.SEQUENCE) {
            return x;
        }
        String channelsLast = x.form() == Form.IMAGE ? nhwc(x) : x.name();
        return new Value(graph.node("Reshape", List.of(channelsLast, graph.shape(-1, x.shape().positions(),
                x.shape().channels()))), Form.SEQUENCE, x.shape());
    }

    private Value image(Value x) {
        if (x.form() == Form.IMAGE) {
            return x;
        }
        FeatureShape s = x.shape();
        String nhwc = graph.node("Reshape", List.of(x.name(), graph.shape(-1, s.height(), s.width(), s.channels())));
        return new Value(graph.node("Transpose", List.of(nhwc), Attribute.ints("perm", 0, 3, 1, 2)), Form.IMAGE, s);
    }

    private String nhwc(Value image) {
        return graph.node("Transpose", List.of(image.name()), Attribute.ints("perm", 0, 2, 3, 1));
    }

    private static Value same(Value x, String name) {
        return new Value(name, x.form(), x.shape());
    }

    private String scalar(float value) {
        return graph.floats("scalar", new float[] {value});
    }

    private static float[] row(Parameter p) {
        return p.value()[0].clone();
    }

    private static float[] flatten(Parameter p) {
        float[] out = new float[p.size()];
        for (int r = 0; r < p.rows(); r++) {
            System.arraycopy(p.value()[r], 0, out, r * p.columns(), p.columns());
        }
        return out;
    }
}
