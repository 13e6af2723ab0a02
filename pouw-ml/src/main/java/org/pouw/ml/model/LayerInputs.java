package org.pouw.ml.model;

/**
 * Sees what each layer of a forward pass is fed, before the layer runs: the batch's rows as the layer reads them.
 * Callers that price or audit a step (how many products had non-zero operands, whether every activation was
 * finite) read them here instead of running the network a second time. An observer must not change the rows.
 */
@FunctionalInterface
public interface LayerInputs {
    LayerInputs NONE = (index, layer, input) -> {
    };

    void fed(int index, Layer layer, float[][] input);
}
