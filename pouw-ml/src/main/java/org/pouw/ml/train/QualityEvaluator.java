package org.pouw.ml.train;

import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Pass;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * The held-out quality a verifier reports ({@link QualityReport}), computed deterministically: records in order, in
 * batches of {@value #BATCH}, each figure summed in sample order by one thread.
 *
 * <p><b>FGSM</b> (Goodfellow, Shlens, Szegedy, "Explaining and Harnessing Adversarial Examples", ICLR 2015): each
 * record moves by ε·sign(∂loss/∂x), the loss's gradient at its own label with the model at inference (batch
 * normalisation on its running averages, dropout off), and the perturbed record is classified again. {@code
 * Math.signum} is exact and the gradient is the engine's fixed-order backward pass, so the perturbed records and the
 * accuracy are the same bits on every thread count. Features are not clipped to a range: the datasets do not state
 * one. The gradient of the batch-mean loss has the same signs as each record's own.
 */
public final class QualityEvaluator {
    private static final int BATCH = 250;

    private QualityEvaluator() {
    }

    public static QualityReport evaluate(Network network, Dataset data, Loss loss, float epsilon, ThreadTeam team) {
        if (!(epsilon >= 0f) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException("FGSM epsilon must be finite and at least 0, got " + epsilon);
        }
        Evaluation evaluation = Evaluator.evaluate(network, data, loss, team);
        CalibrationBins calibration = new CalibrationBins(CalibrationBins.DEFAULT_BINS);
        Pass pass = Pass.inference(team);
        long robust = 0;
        boolean differentiable = true;
        for (int start = 0; start < data.size(); start += BATCH) {
            int count = Math.min(BATCH, data.size() - start);
            float[][] inputs = new float[count][];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                inputs[i] = data.features(start + i);
                labels[i] = data.label(start + i);
            }
            float[][] outputs = network.forward(inputs, pass);
            float[][] gradient = new float[count][outputs[0].length];
            for (int i = 0; i < count; i++) {
                calibration.add(outputs[i], labels[i]);
            }
            if (!differentiable) {
                continue;
            }
            loss.lossAndGradient(outputs, labels, gradient);
            float[][] toInput = network.inputGradient(gradient, pass);
            if (toInput == null) {
                differentiable = false;
                continue;
            }
            float[][] perturbed = new float[count][];
            for (int i = 0; i < count; i++) {
                float[] x = inputs[i];
                float[] g = toInput[i];
                float[] row = new float[x.length];
                for (int j = 0; j < x.length; j++) {
                    row[j] = x[j] + epsilon * Math.signum(g[j]);
                }
                perturbed[i] = row;
            }
            float[][] attacked = network.forward(perturbed, pass);
            for (int i = 0; i < count; i++) {
                if (Evaluator.argmax(attacked[i]) == labels[i]) {
                    robust++;
                }
            }
        }
        double fgsm = !differentiable ? Double.NaN : data.size() == 0 ? 0.0 : (double) robust / data.size();
        return new QualityReport(evaluation, calibration.expectedCalibrationError(), CalibrationBins.DEFAULT_BINS, epsilon, fgsm);
    }
}
