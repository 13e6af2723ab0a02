package org.pouw.ml.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.ml.onnx.ParsedOnnx.Attribute;
import org.pouw.ml.onnx.ParsedOnnx.Constant;
import org.pouw.ml.onnx.ParsedOnnx.Node;

/**
 * Parses the bytes of an ONNX {@code ModelProto} (field numbers of the specification's {@code onnx.proto}) into a
 * {@link ParsedOnnx}, reading only what the importer needs and skipping the rest. The bytes are untrusted: every
 * count and size is bounded before anything is allocated (at most {@value #MAX_NODES} nodes and constants, tensors of
 * at most {@value #MAX_ELEMENTS} elements, data whose length matches the dims), and anything malformed is an
 * {@link OnnxImportException} naming the field.
 */
final class OnnxParser {
    static final int MAX_BYTES = 64 << 20;
    static final int MAX_NODES = 4096;
    static final int MAX_ELEMENTS = 1 << 22;
    private static final int MAX_DIMS = 8;
    private static final int MAX_ATTRIBUTE_VALUES = 64;
    private static final int MAX_NAME_BYTES = 4096;

    private OnnxParser() {
    }

    static ParsedOnnx parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new OnnxImportException("model: " + bytes.length + " bytes, at most " + MAX_BYTES);
        }
        ProtoReader model = new ProtoReader(bytes, "model");
        ProtoReader graph = null;
        long opset = -1;
        while (model.next()) {
            switch (model.field()) {
                case 7 -> {
                    if (graph != null) {
                        throw model.fail("more than one graph");
                    }
                    graph = model.message("graph");
                }
                case 8 -> {
                    ProtoReader entry = model.message("opset_import");
                    String domain = "";
                    long version = -1;
                    while (entry.next()) {
                        switch (entry.field()) {
                            case 1 -> domain = name(entry);
                            case 2 -> version = entry.int64();
                            default -> entry.skip();
                        }
                    }
                    if (domain.isEmpty() || domain.equals("ai.onnx")) {
                        opset = version;
                    }
                }
                default -> model.skip();
            }
        }
        if (graph == null) {
            throw new OnnxImportException("model: no graph");
        }
        if (opset < 13 || opset > 17) {
            throw new OnnxImportException("opset_import: the default domain's opset is " + opset
                    + "; the importer reads opsets 13 to 17 (the operators' semantics it maps are those)");
        }
        return graph(graph, opset);
    }

    private static ParsedOnnx graph(ProtoReader graph, long opset) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Constant> constants = new HashMap<>();
        List<String> inputs = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (graph.next()) {
            switch (graph.field()) {
                case 1 -> {
                    requireRoom(nodes.size() + constants.size(), "graph.node");
                    nodes.add(node(graph.message("graph.node[" + nodes.size() + "]"), nodes.size()));
                }
                case 5 -> {
                    requireRoom(nodes.size() + constants.size(), "graph.initializer");
                    Constant tensor = tensor(graph.message("graph.initializer[" + constants.size() + "]"));
                    if (constants.putIfAbsent(tensor.name(), tensor) != null) {
                        throw new OnnxImportException("graph.initializer: the name '" + tensor.name() + "' twice");
                    }
                }
                case 11 -> {
                    requireRoom(inputs.size(), "graph.input");
                    ProtoReader info = graph.message("graph.input[" + inputs.size() + "]");
                    inputs.add(valueInfo(info, widths));
                }
                case 12 -> {
                    requireRoom(outputs.size(), "graph.output");
                    outputs.add(valueInfo(graph.message("graph.output[" + outputs.size() + "]"), new ArrayList<>()));
                }
                case 15 -> throw graph.fail("sparse initializers are not supported");
                default -> graph.skip();
            }
        }
        List<Node> computing = new ArrayList<>();
        for (Node node : nodes) {
            if (node.op().equals("Constant")) {
                Attribute value = node.attributes().get("value");
                if (value == null || value.tensor() == null || node.outputs().size() != 1) {
                    throw new OnnxImportException(node.label() + ": only a Constant with a tensor 'value' is supported");
                }
                Constant c = value.tensor();
                String name = node.outputs().get(0);
                if (constants.putIfAbsent(name, new Constant(name, c.dims(), c.type(), c.floats(), c.longs())) != null) {
                    throw new OnnxImportException(node.label() + ": the name '" + name + "' is already a constant");
                }
            } else {
                computing.add(node);
            }
        }
        String input = null;
        int width = 0;
        for (int i = 0; i < inputs.size(); i++) {
            if (!constants.containsKey(inputs.get(i))) {
                if (input != null) {
                    throw new OnnxImportException("graph.input: more than one data input ('" + input + "', '" + inputs.get(i)
                            + "'); the engine takes one feature vector per record");
                }
                input = inputs.get(i);
                width = widths.get(i);
            }
        }
        if (input == null) {
            throw new OnnxImportException("graph.input: no data input");
        }
        if (width < 1) {
            throw new OnnxImportException("graph.input '" + input + "': must be a float tensor [batch, features] with a fixed"
                    + " number of features");
        }
        if (outputs.size() != 1) {
            throw new OnnxImportException("graph.output: " + outputs.size() + " outputs, the importer needs exactly one (the logits)");
        }
        return new ParsedOnnx(opset, List.copyOf(computing), Map.copyOf(constants), input, width, outputs.get(0));
    }

    private static void requireRoom(int count, String field) {
        if (count >= MAX_NODES) {
            throw new OnnxImportException(field + ": more than " + MAX_NODES + " entries");
        }
    }

    /** The name; for a graph input also its feature width (0 unless float [batch, n] with n fixed). */
    private static String valueInfo(ProtoReader info, List<Integer> widths) {
        String name = "";
        int width = 0;
        while (info.next()) {
            if (info.field() == 1) {
                name = name(info);
            } else if (info.field() == 2) {
                width = width(info.message("type"));
            } else {
                info.skip();
            }
        }
        widths.add(width);
        return name;
    }

    private static int width(ProtoReader type) {
        int width = 0;
        while (type.next()) {
            if (type.field() != 1) {
                type.skip();
                continue;
            }
            ProtoReader tensorType = type.message("type.tensor_type");
            long elementType = 0;
            List<Long> dims = new ArrayList<>();
            while (tensorType.next()) {
                if (tensorType.field() == 1) {
                    elementType = tensorType.int64();
                } else if (tensorType.field() == 2) {
                    ProtoReader shape = tensorType.message("type.tensor_type.shape");
                    while (shape.next()) {
                        if (shape.field() != 1) {
                            shape.skip();
                            continue;
                        }
                        if (dims.size() >= MAX_DIMS) {
                            throw shape.fail("more than " + MAX_DIMS + " dimensions");
                        }
                        ProtoReader dim = shape.message("type.tensor_type.shape.dim");
                        long value = -1;
                        while (dim.next()) {
                            if (dim.field() == 1) {
                                value = dim.int64();
                            } else {
                                dim.skip();
                            }
                        }
                        dims.add(value);
                    }
                } else {
                    tensorType.skip();
                }
            }
            width = elementType == Constant.FLOAT && dims.size() == 2 && dims.get(1) >= 1 && dims.get(1) <= 1 << 24
                    ? (int) (long) dims.get(1) : 0;
        }
        return width;
    }

    private static Node node(ProtoReader in, int index) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        String name = "";
        String op = "";
        String domain = "";
        while (in.next()) {
            switch (in.field()) {
                case 1 -> {
                    checkCount(inputs.size(), in, "input");
                    inputs.add(name(in));
                }
                case 2 -> {
                    checkCount(outputs.size(), in, "output");
                    outputs.add(name(in));
                }
                case 3 -> name = name(in);
                case 4 -> op = name(in);
                case 5 -> {
                    checkCount(attributes.size(), in, "attribute");
                    Attribute attribute = attribute(in.message("attribute"));
                    if (attributes.putIfAbsent(attribute.name(), attribute) != null) {
                        throw in.fail("attribute '" + attribute.name() + "' twice");
                    }
                }
                case 7 -> domain = name(in);
                default -> in.skip();
            }
        }
        String label = name.isEmpty() ? "#" + index : name;
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            throw new OnnxImportException("node '" + label + "' (op " + op + "): domain '" + domain
                    + "' is not supported (default domain only)");
        }
        if (outputs.isEmpty()) {
            throw new OnnxImportException("node '" + label + "' (op " + op + "): no output");
        }
        return new Node(index, label, op, List.copyOf(inputs), List.copyOf(outputs), Map.copyOf(attributes));
    }

    private static void checkCount(int count, ProtoReader in, String what) {
        if (count >= MAX_ATTRIBUTE_VALUES) {
            throw in.fail("more than " + MAX_ATTRIBUTE_VALUES + " " + what + "s");
        }
    }

    private static Attribute attribute(ProtoReader in) {
        String name = "";
        long type = 0;
        long i = 0;
        float f = 0f;
        LongList ints = new LongList();
        float[] floats = new float[0];
        Constant tensor = null;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> name = name(in);
                case 2 -> f = in.float32();
                case 3 -> i = in.int64();
                case 5 -> tensor = tensor(in.message("attribute.t"));
                case 7 -> {
                    if (in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        ProtoReader packed = in.message("attribute.floats");
                        if (packed.remaining() % 4 != 0 || packed.remaining() / 4 + floats.length > MAX_ATTRIBUTE_VALUES) {
                            throw in.fail("attribute.floats: " + packed.remaining() + " bytes");
                        }
                        float[] more = Arrays.copyOf(floats, floats.length + packed.remaining() / 4);
                        for (int k = floats.length; k < more.length; k++) {
                            more[k] = packed.packedFloat();
                        }
                        floats = more;
                    } else {
                        if (floats.length >= MAX_ATTRIBUTE_VALUES) {
                            throw in.fail("attribute.floats: more than " + MAX_ATTRIBUTE_VALUES);
                        }
                        floats = Arrays.copyOf(floats, floats.length + 1);
                        floats[floats.length - 1] = in.float32();
                    }
                }
                case 8 -> readLongs(in, ints, MAX_ATTRIBUTE_VALUES, "attribute.ints");
                case 20 -> type = in.int64();
                default -> in.skip();
            }
        }
        return new Attribute(name, (int) Math.max(0, Math.min(type, 64)), i, f, ints.toArray(), floats, tensor);
    }

    private static Constant tensor(ProtoReader in) {
        LongList dims = new LongList();
        long type = 0;
        String name = "";
        byte[] raw = null;
        ProtoReader floatData = null;
        LongList longs = new LongList();
        FloatGrowth floats = new FloatGrowth();
        while (in.next()) {
            switch (in.field()) {
                case 1 -> readLongs(in, dims, MAX_DIMS, "tensor.dims");
                case 2 -> type = in.int64();
                case 4 -> {
                    if (in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        floatData = in.message("tensor.float_data");
                        if (floatData.remaining() % 4 != 0 || floatData.remaining() / 4 > MAX_ELEMENTS) {
                            throw in.fail("tensor.float_data: " + floatData.remaining() + " bytes");
                        }
                        while (!floatData.atEnd()) {
                            floats.add(floatData.packedFloat(), in);
                        }
                    } else {
                        floats.add(in.float32(), in);
                    }
                }
                case 7 -> readLongs(in, longs, MAX_ELEMENTS, "tensor.int64_data");
                case 8 -> name = name(in);
                case 9 -> raw = in.bytesField();
                case 13, 14 -> {
                    if (in.field() == 14 && in.wireType() == ProtoReader.VARINT && in.int64() == 0) {
                        continue;
                    }
                    throw in.fail("tensor '" + name + "': external data is not supported");
                }
                default -> in.skip();
            }
        }
        long count = 1;
        for (long d : dims.toArray()) {
            if (d < 0 || d > MAX_ELEMENTS) {
                throw new OnnxImportException("tensor '" + name + "': dimension " + d + " out of [0, " + MAX_ELEMENTS + "]");
            }
            count *= d;
            if (count > MAX_ELEMENTS) {
                throw new OnnxImportException("tensor '" + name + "': more than " + MAX_ELEMENTS + " elements");
            }
        }
        int n = (int) count;
        if (type == Constant.FLOAT) {
            float[] values;
            if (raw != null) {
                if (raw.length != 4L * n) {
                    throw new OnnxImportException("tensor '" + name + "': raw_data has " + raw.length + " bytes, " + n
                            + " floats need " + 4L * n);
                }
                values = new float[n];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            } else {
                values = floats.toArray();
                if (values.length != n) {
                    throw new OnnxImportException("tensor '" + name + "': " + values.length + " float_data values, dims say " + n);
                }
            }
            return new Constant(name, dims.toArray(), Constant.FLOAT, values, null);
        }
        if (type == Constant.INT64) {
            long[] values;
            if (raw != null) {
                if (raw.length != 8L * n) {
                    throw new OnnxImportException("tensor '" + name + "': raw_data has " + raw.length + " bytes, " + n
                            + " int64s need " + 8L * n);
                }
                values = new long[n];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
            } else {
                values = longs.toArray();
                if (values.length != n) {
                    throw new OnnxImportException("tensor '" + name + "': " + values.length + " int64_data values, dims say " + n);
                }
            }
            return new Constant(name, dims.toArray(), Constant.INT64, null, values);
        }
        throw new OnnxImportException("tensor '" + name + "': data type " + type + " is not supported (float and int64 only)");
    }

    private static void readLongs(ProtoReader in, LongList into, int max, String field) {
        if (in.wireType() == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = in.message(field);
            while (!packed.atEnd()) {
                into.add(packed.packedVarint(), max, in, field);
            }
        } else {
            into.add(in.int64(), max, in, field);
        }
    }

    private static String name(ProtoReader in) {
        String value = in.string();
        if (value.length() > MAX_NAME_BYTES) {
            throw in.fail("a name longer than " + MAX_NAME_BYTES + " characters");
        }
        return value;
    }

    /** A growable long array with a cap, so a hostile list cannot grow past it. */
    private static final class LongList {
        private long[] values = new long[4];
        private int size;

        void add(long value, int max, ProtoReader in, String field) {
            if (size >= max) {
                throw in.fail(field + ": more than " + max + " values");
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** Unpacked float_data one field at a time, capped like {@link LongList}. */
    private static final class FloatGrowth {
        private float[] values = new float[4];
        private int size;

        void add(float value, ProtoReader in) {
            if (size >= MAX_ELEMENTS) {
                throw in.fail("tensor.float_data: more than " + MAX_ELEMENTS + " values");
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
