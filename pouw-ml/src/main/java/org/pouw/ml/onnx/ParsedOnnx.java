package org.pouw.ml.onnx;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model the importer reads, as {@link OnnxParser} found them: the default-domain opset, the
 * nodes in file (topological) order, the constants (initializers and {@code Constant} nodes) by name, the one data
 * input with its feature width, and the one output.
 */
record ParsedOnnx(long opset, List<Node> nodes, Map<String, Constant> constants, String input, int inputWidth,
        String output) {

    /** One node: its name (or a generated {@code #index} when the file gave none), operator, inputs and outputs. */
    record Node(int index, String name, String op, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {
        String label() {
            return "node '" + name + "' (op " + op + ")";
        }

        /** The input at {@code i}, or "" when absent (ONNX writes an empty name for an omitted optional input). */
        String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }
    }

    /** An attribute: exactly one of an int, a float, a list of ints or floats, or a tensor is meaningful by type. */
    record Attribute(String name, int type, long i, float f, long[] ints, float[] floats, Constant tensor) {
    }

    /** A constant tensor: float (type 1) values in {@code floats}, int64 (type 7) in {@code longs}. */
    record Constant(String name, long[] dims, int type, float[] floats, long[] longs) {
        static final int FLOAT = 1;
        static final int INT64 = 7;

        long elements() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }
}
