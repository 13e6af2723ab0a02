package org.pouw.chain.mining;

/**
 * What a replayed step shows about whether it was live training (docs/chain.md §3.3), measured, not judged —
 * {@link LivenessRule} judges.
 *
 * @param finite            every state word before and after, every activation fed to a layer, and the loss are finite
 * @param gradientNonZero   the fraction of parameter words whose gradient is non-zero
 * @param parametersChanged the fraction of parameter words (not optimiser slots) whose bits the step changed
 * @param symmetricUnits    two units of a layer of the start state have bit-identical weights and bias
 * @param subnormal         the fraction of parameter words that are subnormal, before or after, whichever is larger.
 *                          Parameters, not optimiser slots: a parameter is read by every record's products, a slot
 *                          once per step — and honest momentum slots of rows whose gradient stopped decay through
 *                          the subnormal range (up to 15 % of an MNIST CNN's state, docs/chain.md §3.3)
 */
public record StepVitals(boolean finite, double gradientNonZero, double parametersChanged, boolean symmetricUnits,
                         double subnormal) {
    /**
     * The fraction of {@code words} gradient words that are non-zero, {@code zeroWords} of them being ±0 — counted by
     * the trainer in the optimiser's own pass over the gradients ({@code Trainer.countingGradientZeros}), not in a pass
     * of its own after the step.
     */
    static double gradientNonZeroFraction(long zeroWords, long words) {
        return (double) (words - zeroWords) / words;
    }
}
