package org.pouw.ml.train;

import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Pass;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * Scores a network on a dataset without training (dropout off). Each sample's output depends on that sample
 * alone, so the evaluation is the same for any batch split or thread count; losses are summed in record order.
 */
public final class Evaluator {
    private static final int BATCH = 250;

    private Evaluator() {
    }

    public static Evaluation evaluate(Network network, Dataset data, Loss loss, ThreadTeam team) {
        int classes = network.outputSize();
        int[][] confusion = new int[classes][classes];
        double totalLoss = 0.0;
        Pass pass = Pass.inference(team);
        for (int start = 0; start < data.size(); start += BATCH) {
            int count = Math.min(BATCH, data.size() - start);
            float[][] inputs = new float[count][];
            for (int i = 0; i < count; i++) {
                inputs[i] = data.features(start + i);
            }
            float[][] outputs = network.forward(inputs, pass);
            for (int i = 0; i < count; i++) {
                int label = data.label(start + i);
                confusion[label][argmax(outputs[i])]++;
                totalLoss += loss.loss(outputs[i], label);
            }
        }
        return new Evaluation(data.size(), data.size() == 0 ? 0.0 : totalLoss / data.size(), confusion);
    }

    /** The index of the first largest output; NaN never wins, so an all-NaN row predicts class 0. */
    public static int argmax(float[] outputs) {
        int best = 0;
        for (int j = 1; j < outputs.length; j++) {
            if (outputs[j] > outputs[best] || (outputs[best] != outputs[best] && outputs[j] == outputs[j])) {
                best = j;
            }
        }
        return best;
    }
}
