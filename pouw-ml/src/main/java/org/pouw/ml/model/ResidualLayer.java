package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.tensor.Mix64;

/**
 * A residual block (He, Zhang, Ren and Sun, 2016): {@code y = body(x) + shortcut(x)}, where the shortcut is the
 * identity or a short chain of its own (a strided 1×1 convolution and batch normalisation when the body changes
 * the shape). Any activation after the sum is a layer of its own, after the block.
 *
 * <p>The sum and the gradient's fan-in are element-wise, each element one float addition of the two branches in a
 * fixed order (body first); the branches' parameters are listed body first, then shortcut, and their layers draw
 * their initial values from keys derived from the block's key and their place in the block.
 */
public final class ResidualLayer implements Layer {
    private final List<Layer> body;
    private final List<Layer> shortcut;
    private final List<Parameter> parameters;
    private final List<Parameter> buffers;
    private float[][] output;
    private float[][] gradInput;

    public ResidualLayer(List<Layer> body, List<Layer> shortcut) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("a residual block needs a body");
        }
        this.body = List.copyOf(body);
        this.shortcut = List.copyOf(shortcut);
        checkChain(this.body, "body");
        checkChain(this.shortcut, "shortcut");
        int in = this.body.getFirst().inputSize();
        int out = this.body.getLast().outputSize();
        int shortIn = this.shortcut.isEmpty() ? in : this.shortcut.getFirst().inputSize();
        int shortOut = this.shortcut.isEmpty() ? in : this.shortcut.getLast().outputSize();
        if (shortIn != in || shortOut != out) {
            throw new IllegalArgumentException("residual shortcut maps " + shortIn + " to " + shortOut
                    + " features, the body " + in + " to " + out);
        }
        List<Parameter> params = new ArrayList<>();
        List<Parameter> kept = new ArrayList<>();
        for (Layer layer : this.body) {
            params.addAll(layer.parameters());
            kept.addAll(layer.buffers());
        }
        for (Layer layer : this.shortcut) {
            params.addAll(layer.parameters());
            kept.addAll(layer.buffers());
        }
        this.parameters = List.copyOf(params);
        this.buffers = List.copyOf(kept);
    }

    private static void checkChain(List<Layer> chain, String name) {
        for (int i = 1; i < chain.size(); i++) {
            if (chain.get(i).inputSize() != chain.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("residual " + name + " layer " + i + " expects "
                        + chain.get(i).inputSize() + " inputs, layer " + (i - 1) + " gives " + chain.get(i - 1).outputSize());
            }
        }
    }

    public List<Layer> body() {
        return body;
    }

    public List<Layer> shortcut() {
        return shortcut;
    }

    @Override
    public int inputSize() {
        return body.getFirst().inputSize();
    }

    @Override
    public int outputSize() {
        return body.getLast().outputSize();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public List<Parameter> buffers() {
        return buffers;
    }

    @Override
    public void initialise(long key) {
        for (int i = 0; i < body.size(); i++) {
            body.get(i).initialise(Mix64.derive(key, i));
        }
        for (int i = 0; i < shortcut.size(); i++) {
            shortcut.get(i).initialise(Mix64.derive(key, body.size() + i));
        }
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        return forward(input, pass, 0, LayerInputs.NONE);
    }

    /**
     * The forward pass, showing {@code inputs} what each of the block's layers is fed before it runs (body first,
     * then shortcut), each with {@code index}, the block's place in its network; the arithmetic is the plain pass's.
     */
    public float[][] forward(float[][] input, Pass pass, int index, LayerInputs inputs) {
        float[][] main = input;
        for (Layer layer : body) {
            inputs.fed(index, layer, main);
            main = layer.forward(main, pass);
        }
        float[][] side = input;
        for (Layer layer : shortcut) {
            inputs.fed(index, layer, side);
            side = layer.forward(side, pass);
        }
        output = RowArrays.ensure(output, input.length, outputSize());
        add(main, side, output, pass);
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        float[][] main = gradOutput;
        for (int i = body.size() - 1; i >= 0; i--) {
            main = body.get(i).backward(main, needInputGradient || i > 0, pass);
        }
        float[][] side = gradOutput;
        for (int i = shortcut.size() - 1; i >= 0; i--) {
            side = shortcut.get(i).backward(side, needInputGradient || i > 0, pass);
        }
        if (!needInputGradient) {
            return null;
        }
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, inputSize());
        add(main, side, gradInput, pass);
        return gradInput;
    }

    private static void add(float[][] a, float[][] b, float[][] sum, Pass pass) {
        int columns = sum.length == 0 ? 0 : sum[0].length;
        pass.team().forRange(sum.length, RowArrays.minRowsPerPart(columns), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] x = a[i];
                float[] y = b[i];
                float[] s = sum[i];
                for (int j = 0; j < s.length; j++) {
                    s[j] = x[j] + y[j];
                }
            }
        });
    }
}
