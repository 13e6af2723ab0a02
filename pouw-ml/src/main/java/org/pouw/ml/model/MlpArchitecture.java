package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * A multi-layer perceptron: {@code inputs → hidden[0] → … → classes}, each hidden layer followed by the
 * activation and, when {@code dropout > 0}, by dropout with that rate.
 */
public record MlpArchitecture(int inputs, List<Integer> hidden, Activation activation, float dropout, int classes)
        implements Architecture {
    static final int TAG = 1;
    private static final int MAX_HIDDEN_LAYERS = 16;

    public MlpArchitecture {
        hidden = List.copyOf(hidden);
        InvalidSpecException.require(inputs >= 1 && inputs <= 1 << 24, "inputs", "in [1, 2^24]", inputs);
        InvalidSpecException.require(hidden.size() <= MAX_HIDDEN_LAYERS, "hidden layer count", "at most 16", hidden.size());
        for (int width : hidden) {
            InvalidSpecException.require(width >= 1 && width <= MAX_WIDTH, "hidden width", "in [1, 65536]", width);
        }
        InvalidSpecException.require(activation != null, "activation", "set", null);
        InvalidSpecException.require(dropout >= 0f && dropout <= 0.9f, "dropout", "in [0, 0.9]", dropout);
        InvalidSpecException.require(classes >= 2 && classes <= MAX_WIDTH, "classes", "in [2, 65536]", classes);
        long params = countParameters(inputs, hidden, classes);
        InvalidSpecException.require(params <= MAX_PARAMETERS, "parameter count", "at most 2^26", params);
    }

    /** The benchmark network shape, e.g. {@code of(784, List.of(128, 64), RELU, 10)}. */
    public static MlpArchitecture of(int inputs, List<Integer> hidden, Activation activation, int classes) {
        return new MlpArchitecture(inputs, hidden, activation, 0f, classes);
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public long parameterCount() {
        return countParameters(inputs, hidden, classes);
    }

    // Static because the compact constructor validates before the fields are assigned.
    private static long countParameters(int inputs, List<Integer> hidden, int classes) {
        long params = 0;
        int previous = inputs;
        for (int width : hidden) {
            params += (long) previous * width + width;
            previous = width;
        }
        return params + (long) previous * classes + classes;
    }

    @Override
    public Network build() {
        List<Layer> layers = new ArrayList<>();
        int previous = inputs;
        for (int width : hidden) {
            layers.add(new DenseLayer(previous, width, activation));
            layers.add(new ActivationLayer(activation, width));
            if (dropout > 0f) {
                layers.add(new DropoutLayer(dropout, width, layers.size()));
            }
            previous = width;
        }
        layers.add(new DenseLayer(previous, classes, null));
        return new Network(layers);
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(TAG).i32(inputs).u8(hidden.size());
        for (int width : hidden) {
            out.i32(width);
        }
        out.u8(activation.ordinal()).f32(dropout).i32(classes);
    }

    static MlpArchitecture decodeBody(CanonicalReader in) {
        int inputs = in.i32("mlp inputs");
        int layers = in.u8("mlp hidden layer count");
        List<Integer> hidden = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            hidden.add(in.i32("mlp hidden width"));
        }
        Activation activation = Architecture.decodeActivation(in);
        float dropout = in.f32("mlp dropout");
        int classes = in.i32("mlp classes");
        return new MlpArchitecture(inputs, hidden, activation, dropout, classes);
    }
}
