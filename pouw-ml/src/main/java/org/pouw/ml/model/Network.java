package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.tensor.Mix64;

/** A chain of layers; its parameters, in layer order, are the trainable state. */
public final class Network {
    private static final long INIT_DOMAIN = 0x706F75772D696E69L; // "pouw-ini"

    private final List<Layer> layers;
    private final List<Parameter> parameters;
    private final List<Parameter> buffers;

    public Network(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputSize() != layers.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("layer " + i + " expects " + layers.get(i).inputSize()
                        + " inputs but layer " + (i - 1) + " gives " + layers.get(i - 1).outputSize());
            }
        }
        this.layers = List.copyOf(layers);
        List<Parameter> all = new ArrayList<>();
        List<Parameter> kept = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
            kept.addAll(layer.buffers());
        }
        this.parameters = List.copyOf(all);
        this.buffers = List.copyOf(kept);
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public long parameterCount() {
        return count(parameters);
    }

    /** The untrained state (running averages) in layer order; see {@link Layer#buffers()}. */
    public List<Parameter> buffers() {
        return buffers;
    }

    public long bufferCount() {
        return count(buffers);
    }

    private static long count(List<Parameter> tensors) {
        long count = 0;
        for (Parameter p : tensors) {
            count += p.size();
        }
        return count;
    }

    /** Sets every parameter from the seed alone: layer i draws from a key derived from (seed, i). */
    public void initialise(long seed) {
        long key = Mix64.mix(seed ^ INIT_DOMAIN);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialise(Mix64.derive(key, i));
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    /** The output (logits for classification) of the last layer; the buffer is reused by the next call. */
    public float[][] forward(float[][] input, Pass pass) {
        return forward(input, pass, LayerInputs.NONE);
    }

    /**
     * {@link #forward(float[][], Pass)}, showing {@code inputs} what each layer is fed before it runs; a residual
     * block's own layers are shown too, after the block itself, with the block's index.
     */
    public float[][] forward(float[][] input, Pass pass, LayerInputs inputs) {
        float[][] activations = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            inputs.fed(i, layer, activations);
            activations = layer instanceof ResidualLayer block
                    ? block.forward(activations, pass, i, inputs) : layer.forward(activations, pass);
        }
        return activations;
    }

    /** Back-propagates {@code gradOutput} (the loss gradient at the output), filling every parameter's gradient. */
    public void backward(float[][] gradOutput, Pass pass) {
        float[][] gradient = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            gradient = layers.get(i).backward(gradient, i > 0, pass);
        }
    }

    /**
     * The gradient of the loss with respect to the input records, after a forward pass: {@link #backward} carried
     * through the first layer too (parameter gradients are overwritten on the way). Null when the first layer
     * passes no gradient to its input (a token embedding: ids are not continuous).
     */
    public float[][] inputGradient(float[][] gradOutput, Pass pass) {
        if (layers.get(0) instanceof EmbeddingLayer) {
            return null;
        }
        float[][] gradient = gradOutput;
        for (int i = layers.size() - 1; i >= 0 && gradient != null; i--) {
            gradient = layers.get(i).backward(gradient, true, pass);
        }
        return gradient;
    }
}
