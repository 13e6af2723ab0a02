package org.pouw.ml.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.FeatureShape;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.onnx.ParsedOnnx.Constant;
import org.pouw.ml.onnx.ParsedOnnx.Node;

/**
 * An ONNX model read back into the engine as a {@link StackArchitecture} and its weights: the inverse of
 * {@link OnnxExport} for every architecture it writes (MLP, CNN, ResNet, layer-norm/GELU stacks, causal
 * transformers), and any other graph built from the same operator patterns (docs/ml.md, "ONNX import").
 *
 * <p>The importer walks the graph from its one input to its one output, recognising at each value the operators
 * that make one engine layer; a value read by several nodes is a GELU (the tanh form), an attention block (three
 * projections) or a residual block (two branches joined by an Add). Layouts are followed as the exporter writes
 * them, so Reshape and Transpose must only change the view of a record, never its order. Every node must lie on that
 * path. Anything else is refused with an {@link OnnxImportException} naming the node and its operator, and the model
 * must fit the task's size bound ({@link StackArchitecture#MAX_PARAMETERS}). Only that exception ever leaves
 * {@link #read}.
 */
public final class OnnxImport {
    /** The operators the importer maps; a node with any other is refused before the walk. */
    static final Set<String> OPERATORS = Set.of("Gemm", "Relu", "Tanh", "Sigmoid", "Conv", "MaxPool", "ReduceMean",
            "GlobalAveragePool", "Flatten", "BatchNormalization", "LayerNormalization", "Sub", "Mul", "Add", "Reshape",
            "Transpose", "Clip", "Cast", "Gather", "MatMul", "Softmax", "Identity");
    private static final int MAX_NESTING = 16;
    private static final float LAYER_EPSILON = 1e-5f;

    private enum Form {
        FLAT,
        SEQUENCE,
        NHWC,
        NCHW
    }

    private record Value(String name, Form form, FeatureShape shape) {
        Value named(String other) {
            return new Value(other, form, shape);
        }
    }

    /**
     * The layers found along one path and their weights, in the order the engine's network lists them, each weight
     * with the node it was read from (for errors that name the tensor, {@link OnnxInitialWeights}).
     */
    private static final class Chain {
        final List<LayerSpec> specs = new ArrayList<>();
        final List<float[]> parameters = new ArrayList<>();
        final List<float[]> buffers = new ArrayList<>();
        final List<String> parameterSources = new ArrayList<>();
        final List<String> bufferSources = new ArrayList<>();

        void add(LayerSpec spec, String source, float[]... weights) {
            specs.add(spec);
            parameters.addAll(Arrays.asList(weights));
            parameterSources.addAll(Collections.nCopies(weights.length, source));
        }

        void buffer(float[] values, String source) {
            buffers.add(values);
            bufferSources.add(source);
        }

        void addAll(Chain other) {
            parameters.addAll(other.parameters);
            buffers.addAll(other.buffers);
            parameterSources.addAll(other.parameterSources);
            bufferSources.addAll(other.bufferSources);
        }
    }

    /**
     * An imported model with, for each parameter and buffer in network order, the label of the ONNX node its values
     * were read from.
     */
    public record Lifted(ModelFile.Model model, List<String> parameterSources, List<String> bufferSources) {
    }

    private final ParsedOnnx graph;
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Map<String, Node> producers = new HashMap<>();
    private final Set<Node> used = new HashSet<>();
    private final OnnxPatterns patterns;
    private FeatureShape inputShape;
    private String source = "the graph";
    private boolean inputOpen = true;
    private int nesting;

    private OnnxImport(ParsedOnnx graph) {
        this.graph = graph;
        this.inputShape = FeatureShape.flat(graph.inputWidth());
        for (Node node : graph.nodes()) {
            if (!OPERATORS.contains(node.op())) {
                throw new OnnxImportException(node.label() + " is not supported: the importer maps " + String.join(", ",
                        OPERATORS.stream().sorted().toList()) + " in the patterns docs/ml.md lists");
            }
            for (String output : node.outputs()) {
                if (output.isEmpty()) {
                    continue;
                }
                if (producers.putIfAbsent(output, node) != null || graph.constants().containsKey(output)
                        || output.equals(graph.input())) {
                    throw new OnnxImportException(node.label() + ": its output '" + output + "' is defined twice");
                }
            }
            for (String input : new LinkedHashSet<>(node.inputs())) {
                if (!input.isEmpty() && !graph.constants().containsKey(input)) {
                    consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
                }
            }
        }
        this.patterns = new OnnxPatterns(graph, this::use, this::onlyConsumer);
    }

    /** The model in {@code bytes}; an {@link OnnxImportException} naming the field or node if it cannot be. */
    public static ModelFile.Model read(byte[] bytes) {
        return readLifted(bytes).model();
    }

    /** {@link #read}, with the node each tensor came from. */
    public static Lifted readLifted(byte[] bytes) {
        ParsedOnnx parsed = OnnxParser.parse(bytes);
        return new OnnxImport(parsed).lift();
    }

    private Lifted lift() {
        Chain chain = new Chain();
        Value out = walk(new Value(graph.input(), Form.FLAT, inputShape), chain, null, graph.output());
        if (out.form() != Form.FLAT && !out.shape().isFlat()) {
            throw new OnnxImportException("graph.output '" + graph.output() + "': the logits must be [batch, classes]");
        }
        for (Node node : graph.nodes()) {
            if (!used.contains(node)) {
                throw new OnnxImportException(node.label() + " is not on the path from the input to the logits");
            }
        }
        StackArchitecture architecture;
        try {
            architecture = new StackArchitecture(inputShape.height(), inputShape.width(), inputShape.channels(), chain.specs);
        } catch (InvalidSpecException e) {
            throw new OnnxImportException("model: " + e.getMessage());
        }
        Network network = architecture.build();
        fill(network.parameters(), chain.parameters, "parameter");
        fill(network.buffers(), chain.buffers, "buffer");
        return new Lifted(new ModelFile.Model(architecture, network), List.copyOf(chain.parameterSources),
                List.copyOf(chain.bufferSources));
    }

    private static void fill(List<Parameter> targets, List<float[]> values, String kind) {
        if (targets.size() != values.size()) {
            throw new IllegalStateException(kind + "s: the network has " + targets.size() + ", the graph gave " + values.size());
        }
        for (int i = 0; i < targets.size(); i++) {
            Parameter p = targets.get(i);
            float[] v = values.get(i);
            if (v.length != p.size()) {
                throw new IllegalStateException(kind + " " + p.name() + ": " + p.size() + " floats, the graph gave " + v.length);
            }
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.columns(); c++) {
                    float x = v[r * p.columns() + c];
                    if (!Float.isFinite(x)) {
                        throw new OnnxImportException(kind + " " + p.name() + " (#" + i + "): a non-finite value " + x);
                    }
                    p.value()[r][c] = x;
                }
            }
        }
    }

    /**
     * Follows {@code x} through layers until it reaches {@code stop}; inside a residual branch only the nodes in
     * {@code allowed} are taken.
     */
    private Value walk(Value start, Chain chain, Set<Node> allowed, String stop) {
        Value x = start;
        while (!x.name().equals(stop)) {
            List<Node> next = consumersOf(x.name(), allowed);
            if (next.isEmpty()) {
                throw new OnnxImportException("value '" + x.name() + "' leads nowhere: no node reads it on the way to '" + stop + "'");
            }
            Node first = next.get(0);
            source = first.label();
            try {
                if (next.size() == 1) {
                    x = single(first, x, chain);
                } else if (next.size() == 4 && patterns.isGelu(x.name(), next)) {
                    x = x.named(patterns.gelu(x.name(), next));
                    add(chain, new LayerSpec.Gelu());
                } else if (next.size() == 3 && next.stream().allMatch(n -> n.op().equals("MatMul"))) {
                    x = attention(x, next, chain);
                } else {
                    x = residual(x, next, chain, allowed);
                }
            } catch (InvalidSpecException | IllegalArgumentException e) {
                // A layer setting or shape the engine refuses, found while building that node's layer.
                throw new OnnxImportException(first.label() + ": " + e.getMessage());
            }
        }
        return x;
    }

    private void add(Chain chain, LayerSpec spec, float[]... weights) {
        chain.add(spec, source, weights);
        inputOpen = false;
    }

    private Value single(Node n, Value x, Chain chain) {
        switch (n.op()) {
            case "Identity" -> {
                use(n);
                return x.named(n.outputs().get(0));
            }
            case "Relu", "Tanh", "Sigmoid" -> {
                use(n);
                add(chain, new LayerSpec.Act(switch (n.op()) {
                    case "Relu" -> Activation.RELU;
                    case "Tanh" -> Activation.TANH;
                    default -> Activation.SIGMOID;
                }));
                return x.named(n.outputs().get(0));
            }
            case "Gemm" -> {
                return dense(n, x, chain);
            }
            case "Conv" -> {
                return conv(n, x, chain);
            }
            case "MaxPool" -> {
                requireForm(n, x, Form.NCHW);
                int size = patterns.maxPoolSize(n);
                LayerSpec spec = new LayerSpec.MaxPool(size);
                FeatureShape out = spec.outputShape(x.shape());
                use(n);
                add(chain, spec);
                return new Value(n.outputs().get(0), Form.NCHW, out);
            }
            case "ReduceMean" -> {
                requireForm(n, x, Form.SEQUENCE);
                OnnxPatterns.requireInts(n, "axes", 1);
                OnnxPatterns.requireInt(n, "keepdims", 0, 1);
                use(n);
                LayerSpec spec = new LayerSpec.GlobalAvgPool();
                add(chain, spec);
                return new Value(n.outputs().get(0), Form.FLAT, spec.outputShape(x.shape()));
            }
            case "GlobalAveragePool" -> {
                requireForm(n, x, Form.NCHW);
                use(n);
                LayerSpec spec = new LayerSpec.GlobalAvgPool();
                add(chain, spec);
                return new Value(n.outputs().get(0), Form.NCHW, spec.outputShape(x.shape()));
            }
            case "Flatten" -> {
                OnnxPatterns.requireInt(n, "axis", 1, 1);
                if (x.form() == Form.NCHW && !x.shape().isFlat()) {
                    throw new OnnxImportException(n.label() + ": flattening an NCHW image would reorder its values; "
                            + "the engine keeps records channels-last");
                }
                use(n);
                return new Value(n.outputs().get(0), Form.FLAT, x.shape());
            }
            case "Sub" -> {
                return batchNormByParts(n, x, chain);
            }
            case "BatchNormalization" -> {
                return batchNorm(n, x, chain);
            }
            case "LayerNormalization" -> {
                return layerNorm(n, x, chain);
            }
            case "Add" -> {
                return positions(n, x, chain);
            }
            case "Clip" -> {
                return embedding(n, x, chain);
            }
            case "Gather" -> {
                return lastPosition(n, x, chain);
            }
            case "Reshape" -> {
                return reshape(n, x);
            }
            case "Transpose" -> {
                return transpose(n, x);
            }
            default -> throw new OnnxImportException(n.label() + ": reading '" + x.name()
                    + "' alone, it is no layer the engine has (it must be part of a GELU, attention or residual pattern)");
        }
    }

    private Value dense(Node n, Value x, Chain chain) {
        if (x.form() != Form.FLAT) {
            throw new OnnxImportException(n.label() + ": Gemm needs a [batch, features] input; reshape the "
                    + x.form().name().toLowerCase(java.util.Locale.ROOT) + " value first");
        }
        OnnxPatterns.requireInt(n, "transA", 0, 0);
        OnnxPatterns.requireFloat(n, "alpha", 1f);
        OnnxPatterns.requireFloat(n, "beta", 1f);
        boolean transposed = OnnxPatterns.intAttribute(n, "transB", 0) == 1;
        OnnxPatterns.requireInt(n, "transB", transposed ? 1 : 0, 0);
        Constant b = patterns.floats(n, 1, "B");
        long inputs = x.shape().size();
        if (b.dims().length != 2 || b.dims()[transposed ? 1 : 0] != inputs || b.dims()[transposed ? 0 : 1] < 1) {
            throw new OnnxImportException(n.label() + ": B has dims " + Arrays.toString(b.dims()) + ", expected "
                    + (transposed ? "[outputs, " + inputs + "]" : "[" + inputs + ", outputs]"));
        }
        int outputs = (int) b.dims()[transposed ? 0 : 1];
        float[] weight = transposed ? OnnxPatterns.transpose(b.floats(), outputs, (int) inputs) : b.floats();
        float[] bias = patterns.optionalVector(n, 2, "C", outputs);
        LayerSpec spec = new LayerSpec.Dense(outputs);
        FeatureShape out = spec.outputShape(x.shape());
        use(n);
        add(chain, spec, weight, bias);
        return new Value(n.outputs().get(0), Form.FLAT, out);
    }

    /** ONNX's {@code W[f][c][ky][kx]} is the engine's row {@code (ky·K + kx)·C + c}, column f. */
    private Value conv(Node n, Value x, Chain chain) {
        requireForm(n, x, Form.NCHW);
        Constant w = patterns.floats(n, 1, "W");
        long[] d = w.dims();
        int c = x.shape().channels();
        if (d.length != 4 || d[0] < 1 || d[0] > 1024 || d[1] != c || d[2] != d[3] || d[2] < 1 || d[2] > 15) {
            throw new OnnxImportException(n.label() + ": W has dims " + Arrays.toString(d) + ", expected [filters, " + c
                    + ", k, k] with a square kernel of at most 15");
        }
        int f = (int) d[0];
        int k = (int) d[2];
        OnnxPatterns.requireInt(n, "group", 1, 1);
        OnnxPatterns.optionalInts(n, "kernel_shape", k, k);
        OnnxPatterns.requireIntsAllEqual(n, "dilations", 1, 2);
        long stride = OnnxPatterns.sameInts(n, "strides", 1, 2);
        long pad = OnnxPatterns.sameInts(n, "pads", 0, 4);
        if (n.attributes().containsKey("auto_pad")) {
            throw new OnnxImportException(n.label() + ": auto_pad is not supported; give explicit pads");
        }
        if (stride < 1 || stride > 8 || pad < 0 || pad >= k) {
            throw new OnnxImportException(n.label() + ": strides " + stride + " and pads " + pad
                    + " must be in [1, 8] and [0, kernel)");
        }
        float[] engine = new float[k * k * c * f];
        float[] onnx = w.floats();
        for (int filter = 0; filter < f; filter++) {
            for (int channel = 0; channel < c; channel++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        engine[((ky * k + kx) * c + channel) * f + filter] = onnx[((filter * c + channel) * k + ky) * k + kx];
                    }
                }
            }
        }
        float[] bias = patterns.optionalVector(n, 2, "B", f);
        LayerSpec spec = new LayerSpec.Conv(f, k, (int) stride, (int) pad);
        FeatureShape out = spec.outputShape(x.shape());
        use(n);
        add(chain, spec, engine, bias);
        return new Value(n.outputs().get(0), Form.NCHW, out);
    }

    /** The exporter's inference form {@code ((x − mean)·scale)·γ + β}, scale = 1/√(var + ε) rounded to float. */
    private Value batchNormByParts(Node sub, Value x, Chain chain) {
        requireChannelConstant(sub, x);
        long[] dims = x.form() == Form.NCHW ? new long[] {x.shape().channels(), 1, 1} : new long[] {x.shape().channels()};
        float[] mean = patterns.constantOperand(sub, x.name(), dims, false);
        use(sub);
        Node scaleNode = onlyConsumer(sub.outputs().get(0), "Mul", sub);
        float[] scale = patterns.constantOperand(scaleNode, sub.outputs().get(0), dims, true);
        use(scaleNode);
        Node gammaNode = onlyConsumer(scaleNode.outputs().get(0), "Mul", scaleNode);
        float[] gamma = patterns.constantOperand(gammaNode, scaleNode.outputs().get(0), dims, true);
        use(gammaNode);
        Node betaNode = onlyConsumer(gammaNode.outputs().get(0), "Add", gammaNode);
        float[] beta = patterns.constantOperand(betaNode, gammaNode.outputs().get(0), dims, true);
        use(betaNode);
        float[] variance = new float[scale.length];
        for (int c = 0; c < scale.length; c++) {
            variance[c] = OnnxPatterns.varianceFor(scale[c], betaNode);
        }
        add(chain, new LayerSpec.BatchNorm(), gamma, beta);
        chain.buffer(mean, source);
        chain.buffer(variance, source);
        return x.named(betaNode.outputs().get(0));
    }

    private Value batchNorm(Node n, Value x, Chain chain) {
        requireForm(n, x, Form.NCHW);
        OnnxPatterns.requireFloat(n, "epsilon", LAYER_EPSILON);
        OnnxPatterns.requireInt(n, "training_mode", 0, 0);
        if (n.outputs().size() > 1) {
            throw new OnnxImportException(n.label() + ": only the inference form (one output) is supported");
        }
        int c = x.shape().channels();
        float[] gamma = patterns.vector(n, 1, "scale", c);
        float[] beta = patterns.vector(n, 2, "B", c);
        float[] mean = patterns.vector(n, 3, "input_mean", c);
        float[] variance = patterns.vector(n, 4, "input_var", c);
        for (float v : variance) {
            if (!(v >= 0f)) {
                throw new OnnxImportException(n.label() + ": input_var has a negative or NaN value " + v);
            }
        }
        use(n);
        add(chain, new LayerSpec.BatchNorm(), gamma, beta);
        chain.buffer(mean, source);
        chain.buffer(variance, source);
        return x.named(n.outputs().get(0));
    }

    private Value layerNorm(Node n, Value x, Chain chain) {
        if (x.form() == Form.NCHW || (x.form() == Form.FLAT && !x.shape().isFlat())) {
            throw new OnnxImportException(n.label() + ": layer normalisation needs the channels on the last axis");
        }
        int rank = x.form() == Form.FLAT ? 2 : x.form() == Form.SEQUENCE ? 3 : 4;
        long axis = OnnxPatterns.intAttribute(n, "axis", -1);
        if (axis != -1 && axis != rank - 1) {
            throw new OnnxImportException(n.label() + ": axis " + axis + "; the engine normalises the last axis only");
        }
        OnnxPatterns.requireFloat(n, "epsilon", LAYER_EPSILON);
        for (int i = 1; i < n.outputs().size(); i++) {
            if (!n.outputs().get(i).isEmpty() && consumers.containsKey(n.outputs().get(i))) {
                throw new OnnxImportException(n.label() + ": its mean and inverse deviation outputs may not be read");
            }
        }
        int c = x.shape().channels();
        float[] gamma = patterns.vector(n, 1, "Scale", c);
        float[] beta = patterns.optionalVector(n, 2, "B", c);
        use(n);
        add(chain, new LayerSpec.LayerNorm(), gamma, beta);
        return x.named(n.outputs().get(0));
    }

    /** {@code x + P} with a {@code [positions, channels]} table: a learned positional embedding. */
    private Value positions(Node n, Value x, Chain chain) {
        if (x.form() != Form.SEQUENCE) {
            throw new OnnxImportException(n.label() + ": an Add of a constant is a positional embedding only on a "
                    + "[batch, positions, channels] value");
        }
        float[] table = patterns.constantOperand(n, x.name(),
                new long[] {x.shape().positions(), x.shape().channels()}, true);
        use(n);
        add(chain, new LayerSpec.PositionalEmbedding(), table);
        return x.named(n.outputs().get(0));
    }

    /** {@code Clip(ids, 0, V − 1) → Cast(int64) → Gather(table, ·)}: token ids as the engine reads them. */
    private Value embedding(Node clip, Value x, Chain chain) {
        if (!inputOpen || !x.name().equals(graph.input())) {
            throw new OnnxImportException(clip.label() + ": a token embedding (Clip, Cast, Gather) must read the graph input");
        }
        Node cast = onlyConsumer(clip.outputs().get(0), "Cast", clip);
        OnnxPatterns.requireInt(cast, "to", Constant.INT64, -1);
        Node gather = onlyConsumer(cast.outputs().get(0), "Gather", cast);
        OnnxPatterns.requireInt(gather, "axis", 0, 0);
        if (!gather.input(1).equals(cast.outputs().get(0))) {
            throw new OnnxImportException(gather.label() + ": the ids must be the indices (input 1)");
        }
        Constant table = patterns.floats(gather, 0, "data");
        if (table.dims().length != 2 || table.dims()[0] < 2 || table.dims()[0] > 65_536 || table.dims()[1] < 1
                || table.dims()[1] > 4096) {
            throw new OnnxImportException(gather.label() + ": the table has dims " + Arrays.toString(table.dims())
                    + ", expected [vocabulary in 2..65536, width in 1..4096]");
        }
        int vocabulary = (int) table.dims()[0];
        float low = patterns.scalar(clip, 1, "min");
        float high = patterns.scalar(clip, 2, "max");
        if (Float.compare(low, 0f) != 0 || Float.compare(high, vocabulary - 1) != 0) {
            throw new OnnxImportException(clip.label() + ": clips ids to [" + low + ", " + high + "], the engine to [0, "
                    + (vocabulary - 1) + "]");
        }
        use(clip);
        use(cast);
        use(gather);
        inputShape = new FeatureShape(1, graph.inputWidth(), 1);
        LayerSpec spec = new LayerSpec.Embedding(vocabulary, (int) table.dims()[1]);
        FeatureShape out = spec.outputShape(inputShape);
        add(chain, spec, table.floats());
        return new Value(gather.outputs().get(0), Form.SEQUENCE, out);
    }

    /** {@code Gather(x, T − 1, axis 1)} with a scalar index: the last position of a sequence. */
    private Value lastPosition(Node n, Value x, Chain chain) {
        requireForm(n, x, Form.SEQUENCE);
        OnnxPatterns.requireInt(n, "axis", 1, 0);
        Constant index = graph.constants().get(n.input(1));
        int t = x.shape().positions();
        if (!n.input(0).equals(x.name()) || index == null || index.type() != Constant.INT64 || index.dims().length != 0
                || (index.longs()[0] != t - 1 && index.longs()[0] != -1)) {
            throw new OnnxImportException(n.label() + ": only a Gather of the last position (a scalar " + (t - 1)
                    + " on axis 1) is supported");
        }
        use(n);
        LayerSpec spec = new LayerSpec.LastPosition();
        add(chain, spec);
        return new Value(n.outputs().get(0), Form.FLAT, spec.outputShape(x.shape()));
    }

    private Value attention(Value x, List<Node> projections, Chain chain) {
        Node first = projections.get(0);
        requireForm(first, x, Form.SEQUENCE);
        OnnxPatterns.Attention found = patterns.attention(x.name(), projections, x.shape().positions(), x.shape().channels());
        add(chain, new LayerSpec.Attention(found.heads(), found.causal()), found.weights().toArray(new float[0][]));
        return x.named(found.output());
    }

    /**
     * Two branches from {@code x} joined by an Add: the earliest Add every reader of {@code x} leads to. The branch
     * feeding the Add's first input is the body; an input that is {@code x} itself is the identity shortcut.
     */
    private Value residual(Value x, List<Node> readers, Chain chain, Set<Node> allowed) {
        if (++nesting > MAX_NESTING) {
            throw new OnnxImportException("value '" + x.name() + "': residual blocks nested deeper than " + MAX_NESTING);
        }
        inputOpen = false;
        List<Set<Node>> reach = readers.stream().map(r -> descendants(r, allowed)).toList();
        Node join = null;
        for (Node candidate : reach.get(0)) {
            if (candidate.op().equals("Add") && candidate.inputs().size() == 2 && (join == null || candidate.index() < join.index())
                    && reach.stream().allMatch(set -> set.contains(candidate))) {
                join = candidate;
            }
        }
        if (join == null) {
            throw new OnnxImportException(readers.get(0).label() + ": value '" + x.name() + "' is read by "
                    + readers.stream().map(Node::label).toList() + ", which never meet in an Add (not a GELU, attention"
                    + " or residual block)");
        }
        String bodyEnd = join.input(0);
        String shortcutEnd = join.input(1);
        if (bodyEnd.equals(x.name())) {
            String swap = bodyEnd;
            bodyEnd = shortcutEnd;
            shortcutEnd = swap;
        }
        if (bodyEnd.equals(x.name())) {
            throw new OnnxImportException(join.label() + ": adds '" + x.name() + "' to itself");
        }
        Set<Node> bodyNodes = ancestors(bodyEnd, x.name(), join, allowed);
        Set<Node> shortcutNodes = ancestors(shortcutEnd, x.name(), join, allowed);
        for (Node node : bodyNodes) {
            if (shortcutNodes.contains(node)) {
                throw new OnnxImportException(node.label() + ": shared by both branches of the residual block ending at "
                        + join.label());
            }
        }
        Chain body = new Chain();
        Value bodyOut = walk(x, body, bodyNodes, bodyEnd);
        Chain shortcut = new Chain();
        Value shortcutOut = walk(x, shortcut, shortcutNodes, shortcutEnd);
        if (bodyOut.form() != shortcutOut.form() || !bodyOut.shape().equals(shortcutOut.shape())) {
            throw new OnnxImportException(join.label() + ": adds a " + bodyOut.form() + " " + bodyOut.shape() + " value to a "
                    + shortcutOut.form() + " " + shortcutOut.shape() + " one");
        }
        use(join);
        nesting--;
        chain.specs.add(new LayerSpec.Residual(body.specs, shortcut.specs));
        chain.addAll(body);
        chain.addAll(shortcut);
        return bodyOut.named(join.outputs().get(0));
    }

    /** Every node reachable forwards from {@code from} (itself included), within {@code allowed}. */
    private Set<Node> descendants(Node from, Set<Node> allowed) {
        Set<Node> seen = new HashSet<>();
        Deque<Node> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (!seen.add(node)) {
                continue;
            }
            for (String output : node.outputs()) {
                for (Node next : consumers.getOrDefault(output, List.of())) {
                    if (allowed == null || allowed.contains(next)) {
                        todo.push(next);
                    }
                }
            }
        }
        return seen;
    }

    /** The nodes between {@code start} and {@code end} (exclusive of the join), by walking back from {@code end}. */
    private Set<Node> ancestors(String end, String start, Node join, Set<Node> allowed) {
        Set<Node> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(end));
        while (!todo.isEmpty()) {
            String value = todo.pop();
            if (value.equals(start) || graph.constants().containsKey(value)) {
                continue;
            }
            Node node = producers.get(value);
            if (node == null || used.contains(node) || (allowed != null && !allowed.contains(node))) {
                throw new OnnxImportException(join.label() + ": its branch reads '" + value
                        + "', which is not computed from the block's input '" + start + "'");
            }
            if (seen.add(node)) {
                for (String input : node.inputs()) {
                    if (!input.isEmpty()) {
                        todo.push(input);
                    }
                }
            }
        }
        return seen;
    }

    private Value reshape(Node n, Value x) {
        if (x.form() == Form.NCHW && !x.shape().isFlat()) {
            throw new OnnxImportException(n.label() + ": reshaping an NCHW image would reorder it; transpose it to "
                    + "channels-last first");
        }
        Constant shape = graph.constants().get(n.input(1));
        if (!n.input(0).equals(x.name()) || shape == null || shape.type() != Constant.INT64 || shape.dims().length != 1
                || shape.longs().length < 2 || shape.longs().length > 4 || (shape.longs()[0] != -1 && shape.longs()[0] != 0)) {
            throw new OnnxImportException(n.label() + ": the shape must be a constant [-1, …] of rank 2 to 4");
        }
        long[] dims = shape.longs();
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] < 1 || dims[i] > 1 << 24) {
                throw new OnnxImportException(n.label() + ": dimension " + i + " is " + dims[i]);
            }
        }
        long size = 1;
        for (int i = 1; i < dims.length && size <= 1 << 24; i++) {
            size *= dims[i];   // each factor is at most 2^24, so stopping above 2^24 keeps this from overflowing
        }
        if (size != x.shape().size()) {
            throw new OnnxImportException(n.label() + ": reshapes " + x.shape().size() + " features to "
                    + Arrays.toString(dims));
        }
        FeatureShape view = switch (dims.length) {
            case 2 -> x.shape();
            case 3 -> new FeatureShape(1, (int) dims[1], (int) dims[2]);
            default -> new FeatureShape((int) dims[1], (int) dims[2], (int) dims[3]);
        };
        Form form = dims.length == 2 ? Form.FLAT : dims.length == 3 ? Form.SEQUENCE : Form.NHWC;
        boolean sameView = dims.length == 2 || (dims.length == 3 ? dims[1] == x.shape().positions()
                && dims[2] == x.shape().channels() : view.equals(x.shape()));
        FeatureShape shapeAfter = x.shape();
        if (!sameView) {
            if (!inputOpen || !x.name().equals(graph.input())) {
                throw new OnnxImportException(n.label() + ": reshapes a " + x.shape() + " record to " + Arrays.toString(dims)
                        + "; only the input's view may be chosen, later layers keep the shape the engine gives them");
            }
            inputShape = view;
            shapeAfter = view;
        }
        use(n);
        return new Value(n.outputs().get(0), form, shapeAfter);
    }

    private Value transpose(Node n, Value x) {
        long[] perm = OnnxPatterns.ints(n, "perm");
        if (x.form() == Form.NHWC && Arrays.equals(perm, new long[] {0, 3, 1, 2})) {
            use(n);
            return new Value(n.outputs().get(0), Form.NCHW, x.shape());
        }
        if (x.form() == Form.NCHW && Arrays.equals(perm, new long[] {0, 2, 3, 1})) {
            use(n);
            return new Value(n.outputs().get(0), Form.NHWC, x.shape());
        }
        throw new OnnxImportException(n.label() + ": perm " + Arrays.toString(perm) + " on a " + x.form()
                + " value; only NHWC ↔ NCHW is a layout the engine follows");
    }

    private void requireForm(Node n, Value x, Form form) {
        if (x.form() != form) {
            throw new OnnxImportException(n.label() + ": needs a " + form + " input, '" + x.name() + "' is " + x.form());
        }
    }

    private void requireChannelConstant(Node n, Value x) {
        if (x.form() == Form.FLAT && !x.shape().isFlat()) {
            throw new OnnxImportException(n.label() + ": a per-channel constant needs the channels on an axis of their own");
        }
    }

    private List<Node> consumersOf(String value, Set<Node> allowed) {
        List<Node> out = new ArrayList<>();
        for (Node node : consumers.getOrDefault(value, List.of())) {
            if (!used.contains(node) && (allowed == null || allowed.contains(node))) {
                out.add(node);
            }
        }
        return out;
    }

    private void use(Node node) {
        if (!used.add(node)) {
            throw new OnnxImportException(node.label() + ": reached twice (the graph has a cycle or a shared node)");
        }
    }

    /** The one node reading {@code value}, which must be an {@code op}; {@code after} is named in the error. */
    private Node onlyConsumer(String value, String op, Node after) {
        List<Node> next = consumersOf(value, null);
        if (next.size() != 1 || (op != null && !next.get(0).op().equals(op))) {
            throw new OnnxImportException(after.label() + ": its output must go to exactly one " + (op == null ? "" : op + " ")
                    + "node, it goes to "
                    + next.stream().map(Node::label).toList());
        }
        return next.get(0);
    }
}
