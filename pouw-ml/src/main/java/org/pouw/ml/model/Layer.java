package org.pouw.ml.model;

import java.util.List;

/**
 * One stage of a network working on a batch as row arrays ({@code float[batch][features]}). A layer keeps what
 * its backward pass needs from the last forward pass and reuses its buffers across steps of the same batch size.
 */
public interface Layer {
    int inputSize();

    int outputSize();

    /** Returns this layer's output buffer for {@code input}; valid until the next call. */
    float[][] forward(float[][] input, Pass pass);

    /**
     * Writes the parameter gradients for the last forward pass and, when {@code needInputGradient}, returns the
     * gradient with respect to the input (else null).
     */
    float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass);

    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * State the layer keeps that is not trained by the optimiser but changes as it trains — batch normalisation's
     * running averages. It is part of the training state (a step cannot be replayed without it) and of the model
     * file; its gradient arrays are unused.
     */
    default List<Parameter> buffers() {
        return List.of();
    }

    /** Sets initial parameter values from {@code key}; layers without parameters ignore it. */
    default void initialise(long key) {
    }
}
