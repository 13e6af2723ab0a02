package org.pouw.ml.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.pouw.ml.onnx.ParsedOnnx.Attribute;
import org.pouw.ml.onnx.ParsedOnnx.Constant;
import org.pouw.ml.onnx.ParsedOnnx.Node;

/**
 * The multi-node patterns of {@link OnnxImport} (GELU's tanh form, multi-head attention) and the checks on a node's
 * attributes and constant inputs. Each check names the node, its operator and the attribute or input it refuses.
 */
final class OnnxPatterns {
    /** The next node after {@code value}, which must be the only reader and of the given operator (null: any). */
    interface Follower {
        Node only(String value, String op, Node after);
    }

    /** What an attention pattern holds: the engine's eight projection tensors in its parameter order. */
    record Attention(int heads, boolean causal, List<float[]> weights, String output) {
    }

    private static final float GELU_CUBE = 0.044715f;
    private static final float GELU_SCALE = (float) StrictMath.sqrt(2.0 / StrictMath.PI);
    private static final double BATCH_EPSILON = 1e-5;

    private final ParsedOnnx graph;
    private final Consumer<Node> use;
    private final Follower follow;

    OnnxPatterns(ParsedOnnx graph, Consumer<Node> use, Follower follow) {
        this.graph = graph;
        this.use = use;
        this.follow = follow;
    }

    /** Whether the four readers of {@code x} start GELU: one of them squares it. */
    boolean isGelu(String x, List<Node> readers) {
        return readers.stream().anyMatch(n -> n.op().equals("Mul") && n.inputs().size() == 2
                && n.input(0).equals(x) && n.input(1).equals(x));
    }

    /**
     * {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))} as the exporter writes it; the constants must be those floats
     * exactly. Returns the output's name.
     */
    String gelu(String x, List<Node> readers) {
        Node square = readers.stream().filter(n -> n.op().equals("Mul") && n.input(0).equals(x) && n.input(1).equals(x))
                .findFirst().orElseThrow();
        Node cube = follow.only(out(square), "Mul", square);
        requireOperands(cube, out(square), x);
        Node scaledCube = follow.only(out(cube), "Mul", cube);
        requireScalarOperand(scaledCube, out(cube), GELU_CUBE);
        Node inner = follow.only(out(scaledCube), "Add", scaledCube);
        requireOperands(inner, x, out(scaledCube));
        Node scaled = follow.only(out(inner), "Mul", inner);
        requireScalarOperand(scaled, out(inner), GELU_SCALE);
        Node tanh = follow.only(out(scaled), "Tanh", scaled);
        Node plusOne = follow.only(out(tanh), "Add", tanh);
        requireScalarOperand(plusOne, out(tanh), 1f);
        Node half = readers.stream().filter(n -> n != square && n != cube && n != inner).findFirst().orElseThrow();
        if (!half.op().equals("Mul")) {
            throw new OnnxImportException(half.label() + ": GELU's fourth reader of '" + x + "' must be Mul(x, 0.5)");
        }
        requireScalarOperand(half, x, 0.5f);
        Node product = follow.only(out(plusOne), "Mul", plusOne);
        requireOperands(product, out(half), out(plusOne));
        for (Node n : List.of(square, cube, scaledCube, inner, scaled, tanh, plusOne, half, product)) {
            use.accept(n);
        }
        return out(product);
    }

    /**
     * Three projections {@code MatMul(x, W) + b} split into heads, scores scaled by the float 1/√d, an optional causal
     * mask of −∞ above the diagonal, a softmax on the last axis, the heads merged and an output projection.
     */
    Attention attention(String x, List<Node> projections, int positions, int width) {
        List<Node> used = new ArrayList<>();
        String[] ends = new String[3];
        long[][] perms = new long[3][];
        float[][] weights = new float[3][];
        float[][] biases = new float[3][];
        int heads = -1;
        for (int i = 0; i < 3; i++) {
            Node matmul = projections.get(i);
            if (!matmul.input(0).equals(x)) {
                throw new OnnxImportException(matmul.label() + ": an attention projection must read '" + x + "' as input 0");
            }
            weights[i] = matrix(matmul, 1, width, width);
            Node add = follow.only(out(matmul), "Add", matmul);
            biases[i] = constantOperand(add, out(matmul), new long[] {width}, true);
            Node reshape = follow.only(out(add), "Reshape", add);
            long[] shape = longConstant(reshape, 1);
            if (shape.length != 4 || (shape[0] != -1 && shape[0] != 0) || shape[1] != positions || shape[2] < 1
                    || shape[2] > 64 || width % shape[2] != 0 || shape[3] != width / shape[2]) {
                throw new OnnxImportException(reshape.label() + ": splits heads as " + Arrays.toString(shape)
                        + ", expected [-1, " + positions + ", heads, " + width + " / heads]");
            }
            if (heads != -1 && heads != shape[2]) {
                throw new OnnxImportException(reshape.label() + ": " + shape[2] + " heads, another projection has " + heads);
            }
            heads = (int) shape[2];
            Node transpose = follow.only(out(reshape), "Transpose", reshape);
            perms[i] = ints(transpose, "perm");
            ends[i] = out(transpose);
            used.addAll(List.of(matmul, add, reshape, transpose));
        }
        int k = -1;
        for (int i = 0; i < 3; i++) {
            if (Arrays.equals(perms[i], new long[] {0, 2, 3, 1})) {
                k = i;
            } else if (!Arrays.equals(perms[i], new long[] {0, 2, 1, 3})) {
                throw new OnnxImportException(used.get(4 * i + 3).label() + ": perm " + Arrays.toString(perms[i])
                        + " is neither a query/value [0, 2, 1, 3] nor a key [0, 2, 3, 1] layout");
            }
        }
        Node keyTranspose = used.get(4 * Math.max(k, 0) + 3);
        if (k < 0) {
            throw new OnnxImportException(keyTranspose.label() + ": no projection is transposed as a key [0, 2, 3, 1]");
        }
        Node scores = follow.only(ends[k], "MatMul", keyTranspose);
        int q = -1;
        for (int i = 0; i < 3; i++) {
            if (i != k && scores.input(0).equals(ends[i]) && scores.input(1).equals(ends[k])) {
                q = i;
            }
        }
        if (q < 0) {
            throw new OnnxImportException(scores.label() + ": must multiply a query by the transposed key");
        }
        int v = 3 - q - k;
        int d = width / heads;
        Node scale = follow.only(out(scores), "Mul", scores);
        requireScalarOperand(scale, out(scores), (float) (1.0 / Math.sqrt(d)));
        Node next = follow.only(out(scale), null, scale);
        boolean causal = false;
        List<Node> tail = new ArrayList<>(List.of(scores, scale));
        if (next.op().equals("Add")) {
            requireCausalMask(constantOperand(next, out(scale), new long[] {positions, positions}, true), positions, next);
            causal = true;
            tail.add(next);
            next = follow.only(out(next), "Softmax", next);
        } else if (!next.op().equals("Softmax")) {
            throw new OnnxImportException(next.label() + ": attention's scaled scores go to a causal mask (Add) or Softmax");
        }
        Node softmax = next;
        tail.add(softmax);
        long axis = intAttribute(softmax, "axis", -1);
        if (axis != -1 && axis != 3) {
            throw new OnnxImportException(softmax.label() + ": axis " + axis + "; attention's softmax is over the last axis");
        }
        Node context = follow.only(out(softmax), "MatMul", softmax);
        if (!context.input(0).equals(out(softmax)) || !context.input(1).equals(ends[v])) {
            throw new OnnxImportException(context.label() + ": must multiply the probabilities by the values");
        }
        Node merge = follow.only(out(context), "Transpose", context);
        if (!Arrays.equals(ints(merge, "perm"), new long[] {0, 2, 1, 3})) {
            throw new OnnxImportException(merge.label() + ": heads merge with perm [0, 2, 1, 3]");
        }
        Node flatten = follow.only(out(merge), "Reshape", merge);
        long[] shape = longConstant(flatten, 1);
        if (shape.length != 3 || (shape[0] != -1 && shape[0] != 0) || shape[1] != positions || shape[2] != width) {
            throw new OnnxImportException(flatten.label() + ": merges heads as " + Arrays.toString(shape) + ", expected [-1, "
                    + positions + ", " + width + "]");
        }
        Node output = follow.only(out(flatten), "MatMul", flatten);
        float[] wo = matrix(output, 1, width, width);
        Node outputBias = follow.only(out(output), "Add", output);
        float[] bo = constantOperand(outputBias, out(output), new long[] {width}, true);
        tail.addAll(List.of(context, merge, flatten, output, outputBias));
        used.addAll(tail);
        used.forEach(use);
        return new Attention(heads, causal, List.of(weights[q], biases[q], weights[k], biases[k], weights[v], biases[v], wo, bo),
                out(outputBias));
    }

    /** 0 on and below the diagonal, −∞ above it: position t attends to 0..t only. */
    private static void requireCausalMask(float[] mask, int positions, Node n) {
        for (int row = 0; row < positions; row++) {
            for (int col = 0; col < positions; col++) {
                float expected = col > row ? Float.NEGATIVE_INFINITY : 0f;
                if (Float.compare(mask[row * positions + col], expected) != 0) {
                    throw new OnnxImportException(n.label() + ": the mask is not causal at [" + row + ", " + col + "] ("
                            + mask[row * positions + col] + ")");
                }
            }
        }
    }

    int maxPoolSize(Node n) {
        long[] kernel = ints(n, "kernel_shape");
        if (kernel.length != 2 || kernel[0] != kernel[1] || kernel[0] < 1 || kernel[0] > 64) {
            throw new OnnxImportException(n.label() + ": kernel_shape " + Arrays.toString(kernel) + " must be a square window");
        }
        optionalInts(n, "strides", kernel);
        requireIntsAllEqual(n, "pads", 0, 4);
        requireIntsAllEqual(n, "dilations", 1, 2);
        requireInt(n, "ceil_mode", 0, 0);
        requireInt(n, "storage_order", 0, 0);
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            throw new OnnxImportException(n.label() + ": the Indices output is not supported");
        }
        if (n.attributes().containsKey("auto_pad")) {
            throw new OnnxImportException(n.label() + ": auto_pad is not supported");
        }
        return (int) kernel[0];
    }

    /** The float variance whose 1/√(var + ε), rounded to float as the engine does, is exactly {@code scale}. */
    static float varianceFor(float scale, Node node) {
        if (!(scale > 0f) || scale == Float.POSITIVE_INFINITY || scale > scaleOf(0f)) {
            throw new OnnxImportException(node.label() + ": batch normalisation scale " + scale
                    + " is no 1/√(variance + 1e-5) of a variance ≥ 0");
        }
        float v = (float) Math.max(0.0, 1.0 / ((double) scale * scale) - BATCH_EPSILON);
        for (int i = 0; i < 4096; i++) {
            float s = scaleOf(v);
            if (s == scale) {
                return v;
            }
            v = s > scale ? Math.nextUp(v) : Math.nextDown(v);
            if (v < 0f) {
                break;
            }
        }
        throw new OnnxImportException(node.label() + ": batch normalisation scale " + scale
                + " is no 1/√(variance + 1e-5) of a float variance");
    }

    private static float scaleOf(float variance) {
        return (float) (1.0 / Math.sqrt(variance + BATCH_EPSILON));
    }

    /** A float constant input of {@code n}, or an error naming what it should be. */
    Constant floats(Node n, int index, String what) {
        Constant c = graph.constants().get(n.input(index));
        if (c == null || c.type() != Constant.FLOAT) {
            throw new OnnxImportException(n.label() + ": input " + index + " (" + what + ") must be a float constant");
        }
        return c;
    }

    float[] vector(Node n, int index, String what, int length) {
        Constant c = floats(n, index, what);
        if (c.elements() != length || c.dims().length < 1 || c.dims()[c.dims().length - 1] != length) {
            throw new OnnxImportException(n.label() + ": " + what + " has dims " + Arrays.toString(c.dims()) + ", expected ["
                    + length + "]");
        }
        return c.floats().clone();
    }

    /** Like {@link #vector}, zeros when the input is absent. */
    float[] optionalVector(Node n, int index, String what, int length) {
        return n.input(index).isEmpty() ? new float[length] : vector(n, index, what, length);
    }

    float scalar(Node n, int index, String what) {
        Constant c = floats(n, index, what);
        if (c.elements() != 1) {
            throw new OnnxImportException(n.label() + ": " + what + " must be one float, has dims " + Arrays.toString(c.dims()));
        }
        return c.floats()[0];
    }

    /**
     * The constant operand of a binary node whose other operand is {@code x}, with exactly {@code dims}; with
     * {@code commutative} false, {@code x} must come first.
     */
    float[] constantOperand(Node n, String x, long[] dims, boolean commutative) {
        int at = n.inputs().size() != 2 ? -1 : n.input(0).equals(x) ? 1 : commutative && n.input(1).equals(x) ? 0 : -1;
        Constant c = at < 0 ? null : graph.constants().get(n.input(at));
        if (c == null || c.type() != Constant.FLOAT || !Arrays.equals(c.dims(), dims)) {
            throw new OnnxImportException(n.label() + ": must combine '" + x + "' with a float constant of dims "
                    + Arrays.toString(dims));
        }
        return c.floats().clone();
    }

    private float[] matrix(Node n, int index, int rows, int columns) {
        Constant c = floats(n, index, "weight");
        if (!Arrays.equals(c.dims(), new long[] {rows, columns})) {
            throw new OnnxImportException(n.label() + ": weight has dims " + Arrays.toString(c.dims()) + ", expected ["
                    + rows + ", " + columns + "]");
        }
        return c.floats().clone();
    }

    private long[] longConstant(Node n, int index) {
        Constant c = graph.constants().get(n.input(index));
        if (c == null || c.type() != Constant.INT64 || c.dims().length != 1) {
            throw new OnnxImportException(n.label() + ": input " + index + " must be a 1-D int64 constant");
        }
        return c.longs();
    }

    private void requireScalarOperand(Node n, String x, float expected) {
        float[] value = null;
        if (n.inputs().size() == 2 && (n.input(0).equals(x) || n.input(1).equals(x))) {
            Constant c = graph.constants().get(n.input(0).equals(x) ? n.input(1) : n.input(0));
            value = c != null && c.type() == Constant.FLOAT && c.elements() == 1 ? c.floats() : null;
        }
        if (value == null || Float.compare(value[0], expected) != 0) {
            throw new OnnxImportException(n.label() + ": must combine '" + x + "' with the float " + expected + ", has "
                    + (value == null ? "no such constant" : value[0]));
        }
    }

    private static void requireOperands(Node n, String a, String b) {
        if (n.inputs().size() != 2 || !((n.input(0).equals(a) && n.input(1).equals(b)) || (n.input(0).equals(b)
                && n.input(1).equals(a)))) {
            throw new OnnxImportException(n.label() + ": must combine '" + a + "' and '" + b + "', reads " + n.inputs());
        }
    }

    private static String out(Node n) {
        return n.outputs().get(0);
    }

    static long intAttribute(Node n, String name, long fallback) {
        Attribute a = n.attributes().get(name);
        return a == null ? fallback : a.i();
    }

    /** The attribute must be {@code expected}; absent it is {@code fallback} (−1: required). */
    static void requireInt(Node n, String name, long expected, long fallback) {
        Attribute a = n.attributes().get(name);
        if (a == null ? fallback != expected : a.i() != expected) {
            throw new OnnxImportException(n.label() + ": attribute " + name + " must be " + expected + ", is "
                    + (a == null ? "absent" : a.i()));
        }
    }

    /** A float attribute, if present, must be exactly {@code expected} (the default of every one checked). */
    static void requireFloat(Node n, String name, float expected) {
        Attribute a = n.attributes().get(name);
        if (a != null && Float.compare(a.f(), expected) != 0) {
            throw new OnnxImportException(n.label() + ": attribute " + name + " must be " + expected + ", is " + a.f());
        }
    }

    static long[] ints(Node n, String name) {
        Attribute a = n.attributes().get(name);
        if (a == null) {
            throw new OnnxImportException(n.label() + ": attribute " + name + " is required");
        }
        return a.ints();
    }

    static void requireInts(Node n, String name, long... expected) {
        if (!Arrays.equals(ints(n, name), expected)) {
            throw new OnnxImportException(n.label() + ": attribute " + name + " must be " + Arrays.toString(expected) + ", is "
                    + Arrays.toString(ints(n, name)));
        }
    }

    static void optionalInts(Node n, String name, long... expected) {
        if (n.attributes().containsKey(name)) {
            requireInts(n, name, expected);
        }
    }

    static void requireIntsAllEqual(Node n, String name, long value, int count) {
        if (n.attributes().containsKey(name)) {
            long[] expected = new long[count];
            Arrays.fill(expected, value);
            requireInts(n, name, expected);
        }
    }

    /** An attribute of {@code count} equal values, or {@code fallback} when absent. */
    static long sameInts(Node n, String name, long fallback, int count) {
        if (!n.attributes().containsKey(name)) {
            return fallback;
        }
        long[] values = ints(n, name);
        if (values.length != count || Arrays.stream(values).anyMatch(v -> v != values[0])) {
            throw new OnnxImportException(n.label() + ": attribute " + name + " must be " + count + " equal values, is "
                    + Arrays.toString(values));
        }
        return values[0];
    }

    static float[] transpose(float[] values, int rows, int columns) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = values[r * columns + c];
            }
        }
        return out;
    }
}
