package org.pouw.ml.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph being built: nodes in topological order and the constant tensors (initializers) they read, then
 * written as a {@code ModelProto} with {@link ProtoWriter}. Field numbers are those of the ONNX specification's
 * {@code onnx.proto}. Value names are generated in order ({@code v0, v1, …}), so one model gives one file.
 */
final class OnnxGraph {
    static final int IR_VERSION = 8;
    static final int OPSET = 17;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private int names;

    /** One attribute of a node: an int, a float or a list of ints. */
    record Attribute(String name, int type, long i, float f, long[] ints) {
        static Attribute of(String name, long value) {
            return new Attribute(name, ATTRIBUTE_INT, value, 0f, null);
        }

        static Attribute of(String name, float value) {
            return new Attribute(name, ATTRIBUTE_FLOAT, 0, value, null);
        }

        static Attribute ints(String name, long... values) {
            return new Attribute(name, ATTRIBUTE_INTS, 0, 0f, values);
        }
    }

    /** Adds a node and returns the name of its (single) output. */
    String node(String op, List<String> inputs, Attribute... attributes) {
        String output = fresh();
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(input -> node.string(1, input));
        node.string(2, output).string(3, op + "_" + output).string(4, op);
        for (Attribute attribute : attributes) {
            ProtoWriter a = new ProtoWriter().string(1, attribute.name());
            switch (attribute.type()) {
                case ATTRIBUTE_FLOAT -> a.float32(2, attribute.f());
                case ATTRIBUTE_INT -> a.varint(3, attribute.i());
                default -> {
                    for (long value : attribute.ints()) {
                        a.varint(8, value);
                    }
                }
            }
            a.varint(20, attribute.type());
            node.message(5, a);
        }
        nodes.add(node);
        return output;
    }

    /** An Identity node that gives {@code input} the graph output's name. */
    void output(String input, String name) {
        nodes.add(new ProtoWriter().string(1, input).string(2, name).string(3, "Identity_" + name).string(4, "Identity"));
    }

    /** A float constant of the given shape (row-major), named after {@code hint}. */
    String floats(String hint, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        return tensor(hint, FLOAT, raw.array(), dims);
    }

    /** An int64 constant (shapes, indices); no dims for a scalar. */
    String longs(String hint, long[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            raw.putLong(value);
        }
        return tensor(hint, INT64, raw.array(), dims);
    }

    /** A 1-D int64 constant, for Reshape's shape input. */
    String shape(long... dims) {
        return longs("shape", dims, dims.length);
    }

    private String tensor(String hint, int type, byte[] raw, long[] dims) {
        String name = fresh() + "_" + hint;
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        tensor.varint(2, type).string(8, name).bytes(9, raw);
        initializers.add(tensor);
        return name;
    }

    private String fresh() {
        return "v" + names++;
    }

    /** The model: one float input {@code [batch, inputs]} and one float output {@code [batch, outputs]}. */
    byte[] model(String input, int inputs, String output, int outputs, String docString) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(node -> graph.message(1, node));
        graph.string(2, "pouw");
        initializers.forEach(tensor -> graph.message(5, tensor));
        graph.string(10, docString);
        graph.message(11, valueInfo(input, inputs));
        graph.message(12, valueInfo(output, outputs));
        return new ProtoWriter().varint(1, IR_VERSION).string(2, "pouw-ml").string(3, "1")
                .message(7, graph).message(8, new ProtoWriter().varint(2, OPSET)).toByteArray();
    }

    private static ProtoWriter valueInfo(String name, int width) {
        ProtoWriter shape = new ProtoWriter()
                .message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().varint(1, width));
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
