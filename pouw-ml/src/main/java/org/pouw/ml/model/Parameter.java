package org.pouw.ml.model;

/**
 * A trainable tensor stored as row arrays, with its gradient of the same shape. Biases are one-row tensors.
 * The value rows are what the optimiser updates and what the training state hashes, in {@link Network} order.
 */
public final class Parameter {
    private final String name;
    private final float[][] value;
    private final float[][] gradient;

    public Parameter(String name, int rows, int columns) {
        this.name = name;
        this.value = new float[rows][columns];
        this.gradient = new float[rows][columns];
    }

    public String name() {
        return name;
    }

    public float[][] value() {
        return value;
    }

    public float[][] gradient() {
        return gradient;
    }

    public int rows() {
        return value.length;
    }

    public int columns() {
        return value[0].length;
    }

    public int size() {
        return rows() * columns();
    }
}
