package org.pouw.chain.mining;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerInputs;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.StepResult;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The chain step's counting and vitals as they were first written — word by word, from two extra encodings of the
 * state, the weights' non-zero counts recounted per layer, the convolution counted patch entry by patch entry,
 * symmetric units looked up column by column — kept as the plain reading of docs/chain.md §3.2–§3.3 that the fused
 * code ({@link VitalsScan}, {@link ForwardWork}, {@link SymmetricUnits}) must match bit for bit.
 */
final class VitalsReference {
    private VitalsReference() {
    }

    /** The step as {@code TipKeyedStep.take} computed it before the fused scan. */
    static TipKeyedStep take(TrainingTask task, Dataset data, TrainingState state, Bytes32 miner, Bytes32 tip,
                             TicketRule rule, ThreadTeam team) {
        int[] batch = TipKeyedBatch.draw(task.seed(), miner, tip, state.stepsDone(), data.size(),
                task.hyperparameters().batchSize());
        long t = state.stepsDone();
        float[][] features = new float[batch.length][];
        int[] labels = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            features[i] = data.features(batch[i]);
            labels[i] = data.label(batch[i]);
        }
        Counting work = new Counting(firstOfEach(features, labels));
        Bytes32 before = state.hash(team);
        int[] wordsBefore = words(state.encode());
        boolean symmetric = symmetricUnits(state.network());
        StepResult result = new Trainer(task, data, state, team).step(batch, work);
        int[] wordsAfter = words(state.encode());
        int header = TrainingState.headerWords(state.network());
        boolean finite = work.finite && Double.isFinite(result.loss()) && allFinite(wordsBefore, header)
                && allFinite(wordsAfter, header);
        long parameters = state.network().parameterCount();
        StepVitals vitals = new StepVitals(finite, gradientNonZeroFraction(state.network().parameters()),
                changedFraction(wordsBefore, wordsAfter, parameters, header), symmetric,
                Math.max(subnormalFraction(wordsBefore, parameters, header),
                        subnormalFraction(wordsAfter, parameters, header)));
        long counted = TicketRule.countedMultiplyAdds(work.multiplyAdds);
        MinedStep mined = new MinedStep(t, before, TipKeyedBatch.hash(batch), state.hash(team), tip,
                rule.tickets(counted));
        return new TipKeyedStep(mined, counted, vitals, result.loss());
    }

    /** The distinct records of §3.2 as first written: a set of (label, normalised features), in batch order. */
    static boolean[] firstOfEach(float[][] features, int[] labels) {
        boolean[] counted = new boolean[features.length];
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = 0; i < features.length; i++) {
            List<Integer> key = new java.util.ArrayList<>();
            key.add(labels[i]);
            for (int bits : normalised(features[i])) {
                key.add(bits);
            }
            counted[i] = seen.add(key);
        }
        return counted;
    }

    /** Each feature times 2^−e, e the exponent of the first non-zero feature, by {@code StrictMath.scalb}. */
    static int[] normalised(float[] row) {
        int exponent = 0;
        for (float x : row) {
            if (x != 0f) {
                exponent = StrictMath.getExponent(x);
                break;
            }
        }
        int[] bits = new int[row.length];
        for (int j = 0; j < row.length; j++) {
            bits[j] = Float.floatToIntBits(StrictMath.scalb(row[j], -exponent));
        }
        return bits;
    }

    static int[] words(byte[] encodedState) {
        int[] words = new int[encodedState.length / 4];
        ByteBuffer.wrap(encodedState).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
        return words;
    }

    static boolean allFinite(int[] stateWords, int header) {
        for (int i = header; i < stateWords.length; i++) {
            if (!Float.isFinite(Float.intBitsToFloat(stateWords[i]))) {
                return false;
            }
        }
        return true;
    }

    static double subnormalFraction(int[] stateWords, long parameterCount, int header) {
        long subnormal = 0;
        for (int i = header; i < header + parameterCount; i++) {
            int magnitude = stateWords[i] & 0x7fffffff;
            if (magnitude != 0 && magnitude < 0x00800000) {
                subnormal++;
            }
        }
        return (double) subnormal / parameterCount;
    }

    static double changedFraction(int[] before, int[] after, long parameterCount, int header) {
        long changed = 0;
        for (int i = header; i < header + parameterCount; i++) {
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

    static boolean symmetricUnits(Network network) {
        for (Layer layer : network.layers()) {
            if (layer instanceof DenseLayer dense && repeats(dense.weight(), dense.bias())) {
                return true;
            }
            if (layer instanceof Conv2dLayer conv && repeats(conv.weight(), conv.bias())) {
                return true;
            }
        }
        return false;
    }

    private static boolean repeats(Parameter weight, Parameter bias) {
        float[][] w = weight.value();
        float[] b = bias.value()[0];
        Set<List<Integer>> seen = new HashSet<>();
        for (int unit = 0; unit < b.length; unit++) {
            Integer[] bits = new Integer[w.length + 1];
            for (int r = 0; r < w.length; r++) {
                bits[r] = Float.floatToIntBits(w[r][unit]);
            }
            bits[w.length] = Float.floatToIntBits(b[unit]);
            if (!seen.add(Arrays.asList(bits))) {
                return true;
            }
        }
        return false;
    }

    /** The forward pass's count, weights recounted per layer and patches walked entry by entry. */
    static final class Counting implements LayerInputs {
        private final boolean[] counted;
        long multiplyAdds;
        boolean finite = true;

        Counting(boolean[] counted) {
            this.counted = counted.clone();
        }

        @Override
        public void fed(int index, Layer layer, float[][] input) {
            for (float[] row : input) {
                for (float x : row) {
                    if (!Float.isFinite(x)) {
                        finite = false;
                    }
                }
            }
            if (layer instanceof DenseLayer dense) {
                int[] nonZero = nonZeroPerRow(dense.weight().value());
                for (int i = 0; i < input.length; i++) {
                    if (counted[i]) {
                        for (int r = 0; r < input[i].length; r++) {
                            if (input[i][r] != 0f) {
                                multiplyAdds += nonZero[r];
                            }
                        }
                    }
                }
            } else if (layer instanceof Conv2dLayer conv) {
                int[] nonZero = nonZeroPerRow(conv.weight().value());
                for (int i = 0; i < input.length; i++) {
                    if (counted[i]) {
                        multiplyAdds += convProducts(conv, input[i], nonZero);
                    }
                }
            }
        }

        private static int[] nonZeroPerRow(float[][] weights) {
            int[] counts = new int[weights.length];
            for (int r = 0; r < weights.length; r++) {
                for (float w : weights[r]) {
                    if (w != 0f) {
                        counts[r]++;
                    }
                }
            }
            return counts;
        }

        private static long convProducts(Conv2dLayer conv, float[] image, int[] nonZero) {
            int kernel = conv.kernel();
            int width = conv.width();
            int channels = conv.channels();
            long sum = 0;
            for (int oy = 0; oy < conv.outHeight(); oy++) {
                for (int ox = 0; ox < conv.outWidth(); ox++) {
                    for (int ky = 0; ky < kernel; ky++) {
                        for (int kx = 0; kx < kernel; kx++) {
                            int source = ((oy + ky) * width + ox + kx) * channels;
                            int row = (ky * kernel + kx) * channels;
                            for (int c = 0; c < channels; c++) {
                                if (image[source + c] != 0f) {
                                    sum += nonZero[row + c];
                                }
                            }
                        }
                    }
                }
            }
            return sum;
        }
    }
}
