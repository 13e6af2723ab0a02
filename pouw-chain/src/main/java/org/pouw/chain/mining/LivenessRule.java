package org.pouw.chain.mining;

/**
 * The thresholds a winning step's vitals must meet (docs/chain.md §3.3); the defaults sit well inside what honest
 * MNIST-MLP and CNN training shows at every step (the calibration table in §3.3, measured by pouw-bench's
 * {@code LivenessCalibration}).
 *
 * @param minGradientNonZero   θ_g: least fraction of parameter words with a non-zero gradient
 * @param minParametersChanged θ_p: least fraction of parameter words the step changes
 * @param maxSubnormal         ε: largest fraction of subnormal parameter words
 */
public record LivenessRule(double minGradientNonZero, double minParametersChanged, double maxSubnormal) {
    public static final LivenessRule DEFAULT = new LivenessRule(0.1, 0.1, 0.01);

    public LivenessRule {
        check("θ_g", minGradientNonZero);
        check("θ_p", minParametersChanged);
        check("ε", maxSubnormal);
    }

    private static void check(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    /** The first liveness check {@code vitals} fails, in the order of §3.3's table, or null when it is live. */
    public StepRefusal check(StepVitals vitals) {
        if (!vitals.finite()) {
            return StepRefusal.NOT_FINITE;
        }
        if (vitals.gradientNonZero() < minGradientNonZero) {
            return StepRefusal.GRADIENT_DEAD;
        }
        if (vitals.parametersChanged() < minParametersChanged) {
            return StepRefusal.PARAMETERS_FROZEN;
        }
        if (vitals.symmetricUnits()) {
            return StepRefusal.SYMMETRIC_UNITS;
        }
        if (vitals.subnormal() > maxSubnormal) {
            return StepRefusal.SUBNORMAL_STATE;
        }
        return null;
    }
}
