package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The vitals scan ({@link VitalsScan}) keeps no copy of the start state's parameter words when their encoding exists:
 * it compares the end state with the encoding's bytes in place, and otherwise with a {@link SpareWords} buffer its
 * owner reuses. Either way the counts must be the word-by-word reading's ({@link VitalsReference}) — finite, changed,
 * subnormal — on states bent towards the edges: canonical NaN, ±∞, ±0 (a sign flip of zero is a change), subnormals
 * of both signs and the least normal float, in parameters, optimiser slots and batch-norm buffers; with the hash's
 * buffer overwritten by the end state between the two scans, as a real step does, and one spare reused across states
 * of every size.
 */
class StartWordsProperties {
    /** Reused by every try, as a miner's or a window's buffer is reused step after step, whatever its last size. */
    private static final SpareWords SPARE = new SpareWords();

    @Property(tries = 400)
    void theScanAgainstTheEncodingOrASpareCountsWhatTheReferenceCounts(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int shape,
            @ForAll @IntRange(min = 0, max = 100) int changedPercent, @ForAll @IntRange(min = 0, max = 63) int edges) {
        SplittableRandom random = new SplittableRandom(seed);
        TrainingTask task = task(shape, random);
        TrainingState state = TrainingState.initial(task);
        Network network = state.network();
        int header = TrainingState.headerWords(network);
        long parameters = network.parameterCount();
        int[] start = VitalsReference.words(state.encode());
        bend(start, header, random, edges);
        int[] end = start.clone();
        for (int i = header; i < end.length; i++) {
            if (random.nextInt(100) < changedPercent) {
                end[i] = changed(end[i], random);
            }
        }
        bend(end, header, random, edges >> 3);

        for (boolean fromEncoding : new boolean[] {true, false}) {
            VitalsScan scan = fromEncoding ? new VitalsScan(network, bytes(start)) : new VitalsScan(network, SPARE);
            // One buffer for both states, as the state's hash reuses its own: the end state overwrites the start.
            int[] hashed = start.clone();
            scan.before(hashed);
            System.arraycopy(end, 0, hashed, 0, end.length);
            scan.after(hashed);

            assertThat(scan.finite()).as("finite, from the encoding: %s", fromEncoding)
                    .isEqualTo(VitalsReference.allFinite(start, header) && VitalsReference.allFinite(end, header));
            assertThat(scan.changedFraction()).as("changed, from the encoding: %s", fromEncoding)
                    .isEqualTo(VitalsReference.changedFraction(start, end, parameters, header));
            assertThat(scan.subnormalFraction()).as("subnormal, from the encoding: %s", fromEncoding)
                    .isEqualTo(Math.max(VitalsReference.subnormalFraction(start, parameters, header),
                            VitalsReference.subnormalFraction(end, parameters, header)));
            for (Parameter parameter : network.parameters()) {
                assertThat(scan.nonZeroPerRow().get(parameter)).isEqualTo(nonZeroPerRow(start, header, network,
                        parameter));
            }
        }
        Statistics.label("shape").collect(List.of("MLP", "MLP, Adam", "batch-norm stack").get(shape));
        Statistics.label("finite").collect(VitalsReference.allFinite(start, header)
                && VitalsReference.allFinite(end, header));
    }

    /** A miner's steps compare each end state with the start state's bytes it keeps for audits: the reference steps. */
    @Property(tries = 40)
    void aMinersStepsAgainstItsKeptBytesAreTheReferenceSteps(@ForAll long seed,
                                                             @ForAll @IntRange(min = 0, max = 2) int shape) {
        SplittableRandom random = new SplittableRandom(seed);
        Dataset data = MiningFixtures.blobs(32, 36, 3, 0.4, random.nextLong());
        TrainingTask task = task(shape, data);
        ChainTrainer miner = new ChainTrainer(task, data, TrainingState.initial(task), MINER, TICKETS,
                LivenessRule.DEFAULT, TEAM);
        TrainingState reference = TrainingState.initial(task);
        for (int step = 0; step < 4; step++) {
            Bytes32 tip = step % 2 == 0 ? TIP : MINER;
            TipKeyedStep expected = VitalsReference.take(task, data, reference, MINER, tip, TICKETS, TEAM);
            assertThat(miner.step(tip)).as("step %d", step).isEqualTo(expected);
        }
    }

    @Property(tries = 20)
    void anEncodingOfAnotherStateIsRefused(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TrainingTask task = task(0, random);
        TrainingState state = TrainingState.initial(task);
        int[] words = VitalsReference.words(state.encode());
        byte[] shorter = new byte[4 * words.length - 4];
        byte[] laterStep = bytes(words);
        ByteBuffer.wrap(laterStep).order(ByteOrder.LITTLE_ENDIAN).putInt(8, words[2] + 1);
        for (byte[] other : new byte[][] {shorter, laterStep}) {
            assertThatThrownBy(() -> new VitalsScan(state.network(), other).before(words.clone()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private static TrainingTask task(int shape, SplittableRandom random) {
        return task(shape, MiningFixtures.blobs(32, 36, 3, 0.4, random.nextLong()));
    }

    /** An MLP, the same with Adam (two optimiser slots), or a stack with batch-norm buffers (seven header words). */
    private static TrainingTask task(int shape, Dataset data) {
        return switch (shape) {
            case 0 -> MiningFixtures.mlp(data);
            case 1 -> MiningFixtures.mlp(data, new Adam(0.01f, 0.9f, 0.999f, 1e-7f));
            default -> MiningFixtures.task(new StackArchitecture(6, 6, 1, List.of(new LayerSpec.Conv(4, 3, 1, 0),
                    new LayerSpec.BatchNorm(), new LayerSpec.Act(Activation.RELU), new LayerSpec.MaxPool(2),
                    new LayerSpec.Dense(3))), new SgdMomentum(0.05f, 0.9f), 4, data, 40);
        };
    }

    /** Edge words over the state after the header: bit 0 zeros, bit 1 subnormals, bit 2 non-finite words. */
    private static void bend(int[] words, int header, SplittableRandom random, int edges) {
        for (int i = header; i < words.length; i++) {
            if ((edges & 1) != 0 && random.nextInt(5) == 0) {
                words[i] = random.nextBoolean() ? 0 : 0x80000000;
            }
            if ((edges & 2) != 0 && random.nextInt(20) == 0) {
                int magnitude = random.nextInt(8) == 0 ? 0x00800000 : 1 + random.nextInt(0x007fffff);
                words[i] = magnitude | (random.nextBoolean() ? 0 : 0x80000000);
            }
            if ((edges & 4) != 0 && random.nextInt(500) == 0) {
                words[i] = new int[] {0x7fc00000, 0x7f800000, 0xff800000}[random.nextInt(3)];
            }
        }
    }

    /** Another word: a sign flip (of zero too), the last bit, or a fresh value, subnormal now and then. */
    private static int changed(int word, SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> word ^ 0x80000000;
            case 1 -> word ^ 1;
            case 2 -> 1 + random.nextInt(0x007fffff);
            default -> Float.floatToIntBits((float) random.nextGaussian());
        };
    }

    private static int[] nonZeroPerRow(int[] words, int header, Network network, Parameter wanted) {
        int at = header;
        for (Parameter parameter : network.parameters()) {
            if (parameter == wanted) {
                int[] nonZero = new int[parameter.rows()];
                for (int r = 0; r < parameter.rows(); r++) {
                    for (int c = 0; c < parameter.columns(); c++) {
                        nonZero[r] += (words[at + r * parameter.columns() + c] & 0x7fffffff) != 0 ? 1 : 0;
                    }
                }
                return nonZero;
            }
            at += parameter.size();
        }
        throw new AssertionError("not a parameter of the network");
    }

    private static byte[] bytes(int[] words) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(words);
        return bytes.array();
    }
}
