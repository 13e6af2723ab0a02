package org.pouw.chain.mining;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.pouw.ml.model.Parameter;

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
    /** Words before the parameters in a training state's encoding (pouw-ml {@code TrainingState}: magic … slot count). */
    static final int STATE_HEADER_WORDS = 6;

    static int[] words(byte[] encodedState) {
        int[] words = new int[encodedState.length / 4];
        ByteBuffer.wrap(encodedState).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
        return words;
    }

    static boolean allFinite(int[] stateWords) {
        for (int i = STATE_HEADER_WORDS; i < stateWords.length; i++) {
            if (!Float.isFinite(Float.intBitsToFloat(stateWords[i]))) {
                return false;
            }
        }
        return true;
    }

    static double subnormalFraction(int[] stateWords, long parameterCount) {
        long subnormal = 0;
        for (int i = STATE_HEADER_WORDS; i < STATE_HEADER_WORDS + parameterCount; i++) {
            int magnitude = stateWords[i] & 0x7fffffff;
            if (magnitude != 0 && magnitude < 0x00800000) {
                subnormal++;
            }
        }
        return (double) subnormal / parameterCount;
    }

    static double changedFraction(int[] before, int[] after, long parameterCount) {
        long changed = 0;
        for (int i = STATE_HEADER_WORDS; i < STATE_HEADER_WORDS + parameterCount; i++) {
            if (before[i] != after[i]) {
                changed++;
            }
        }
        return (double) changed / parameterCount;
    }

    static double gradientNonZeroFraction(List<Parameter> parameters) {
        long nonZero = 0;
        long total = 0;
        for (Parameter parameter : parameters) {
            for (float[] row : parameter.gradient()) {
                for (float g : row) {
                    if (g != 0f) {
                        nonZero++;
                    }
                }
                total += row.length;
            }
        }
        return (double) nonZero / total;
    }
}
