package org.pouw.ml.train;

/**
 * What a buyer is shown of a model on the held-out set: the {@link Evaluation} (accuracy, loss, confusion matrix and
 * so per-class precision and recall), the expected calibration error over {@code calibrationBins} bins, and the
 * accuracy under an FGSM perturbation of size {@code fgsmEpsilon} ({@code NaN} when the model reads token ids, which
 * have no gradient).
 */
public record QualityReport(Evaluation evaluation, double calibrationError, int calibrationBins, float fgsmEpsilon,
        double fgsmAccuracy) {
}
