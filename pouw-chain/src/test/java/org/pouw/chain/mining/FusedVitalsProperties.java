package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The fused counting and vitals (one scan of the words each state hash builds, the convolution counted from a
 * summed-area table, symmetric units found through row-wise column hashes) give exactly what the word-by-word
 * reading of docs/chain.md §3.2–§3.3 ({@link VitalsReference}) gives — the mined step, M_t, the ticket count, every
 * vital and the replay's verdict — on random small states bent towards the edges the checks are about: zero and
 * negative-zero weights, subnormal and non-finite words in parameters and optimiser slots, identical units, zero
 * features, and duplicated or power-of-two-scaled records.
 */
class FusedVitalsProperties {
    private static final int ZERO_WEIGHTS = 1;
    private static final int SUBNORMALS = 2;
    private static final int NON_FINITE = 4;
    private static final int IDENTICAL_UNITS = 8;
    private static final int SPARSE_RECORDS = 16;
    private static final int COPIED_RECORDS = 32;
    private static final int ADAM = 64;
    private static final int NON_FINITE_RECORDS = 128;

    @Property(tries = 300)
    void theFusedStepIsTheReferenceStep(@ForAll long seed, @ForAll @IntRange(min = 0, max = 255) int edges,
                                        @ForAll boolean convolution) {
        SplittableRandom random = new SplittableRandom(seed);
        Dataset data = records(random, convolution, edges);
        TrainingTask task = convolution ? MiningFixtures.cnn(data)
                : (edges & ADAM) != 0 ? MiningFixtures.mlp(data, new Adam(0.01f, 0.9f, 0.999f, 1e-7f))
                : MiningFixtures.mlp(data);
        TrainingState trained = MiningFixtures.trained(task, data, 2);
        bend(trained.network(), random, edges);
        byte[] start = bendSlots(trained.encode(), trained.network().parameterCount(), random, edges);

        TipKeyedStep fused = TipKeyedStep.take(task, data, TrainingState.decode(task, start), MINER, TIP, TICKETS,
                TEAM);
        TipKeyedStep reference = VitalsReference.take(task, data, TrainingState.decode(task, start), MINER, TIP,
                TICKETS, TEAM);

        assertThat(fused).isEqualTo(reference);
        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, reference.mined());
        assertThat(verdict.refusal()).isEqualTo(LivenessRule.DEFAULT.check(reference.vitals()));
        assertThat(verdict.replay()).isEqualTo(reference);
        Statistics.label("verdict").collect(String.valueOf(verdict.refusal()));
        Statistics.label("tickets").collect(reference.mined().tickets() > 0);
    }

    /**
     * A miner's steps share one {@link RecordTraits} of the dataset (a record's traits are worked out the first time a
     * batch draws it): every step of a run counts what the reference counts, records seen before or not.
     */
    @Property(tries = 60)
    void stepsSharingRecordTraitsAreTheReferenceSteps(@ForAll long seed,
                                                      @ForAll @IntRange(min = 0, max = 255) int edges,
                                                      @ForAll boolean convolution) {
        SplittableRandom random = new SplittableRandom(seed);
        Dataset data = records(random, convolution, edges & (SPARSE_RECORDS | COPIED_RECORDS | NON_FINITE_RECORDS));
        TrainingTask task = convolution ? MiningFixtures.cnn(data) : MiningFixtures.mlp(data);
        RecordTraits traits = new RecordTraits(data);
        TrainingState mined = TrainingState.initial(task);
        TrainingState reference = TrainingState.initial(task);
        for (int step = 0; step < 6; step++) {
            Bytes32 tip = step < 3 ? TIP : MINER;
            TipKeyedStep fused = TipKeyedStep.take(task, traits, mined, MINER, tip, TICKETS, TEAM);
            TipKeyedStep expected = VitalsReference.take(task, data, reference, MINER, tip, TICKETS, TEAM);
            assertThat(fused).isEqualTo(expected);
        }
    }

    @Property(tries = 300)
    void symmetricUnitsAreFoundExactlyWhenTheReferenceFindsThem(@ForAll long seed,
                                                                @ForAll @IntRange(min = 0, max = 127) int edges) {
        SplittableRandom random = new SplittableRandom(seed);
        Dataset data = records(random, false, edges);
        TrainingState state = TrainingState.initial(MiningFixtures.mlp(data));
        bend(state.network(), random, edges | IDENTICAL_UNITS);
        boolean symmetric = VitalsReference.symmetricUnits(state.network());
        assertThat(SymmetricUnits.present(state.network())).isEqualTo(symmetric);
        Statistics.label("symmetric").collect(symmetric);
    }

    private static Dataset records(SplittableRandom random, boolean images, int edges) {
        Dataset base = images ? MiningFixtures.bars(64, random.nextLong())
                : MiningFixtures.blobs(64, 16, 4, 0.4, random.nextLong());
        float[][] x = new float[base.size()][];
        int[] y = new int[base.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = base.features(i).clone();
            y[i] = base.label(i);
            if ((edges & SPARSE_RECORDS) != 0) {
                // Mostly non-zero or mostly zero: record traits list whichever features are fewer.
                int zeroInFour = random.nextBoolean() ? 1 : 3;
                for (int j = 0; j < x[i].length; j++) {
                    if (random.nextInt(4) < zeroInFour) {
                        x[i][j] = random.nextBoolean() ? 0f : -0f;
                    }
                }
            }
            if ((edges & NON_FINITE_RECORDS) != 0 && random.nextInt(8) == 0) {
                x[i][random.nextInt(x[i].length)] = new float[] {Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY}[random.nextInt(3)];
            }
            if ((edges & COPIED_RECORDS) != 0 && i > 0 && random.nextInt(3) == 0) {
                int of = random.nextInt(i);
                int exponent = random.nextInt(7) - 3;
                for (int j = 0; j < x[i].length; j++) {
                    x[i][j] = StrictMath.scalb(x[of][j], exponent);
                }
                y[i] = y[of];
            }
        }
        return Dataset.of(x, y, base.classes());
    }

    private static void bend(Network network, SplittableRandom random, int edges) {
        for (Layer layer : network.layers()) {
            Parameter weight = layer instanceof DenseLayer dense ? dense.weight()
                    : layer instanceof Conv2dLayer conv ? conv.weight() : null;
            Parameter bias = layer instanceof DenseLayer dense ? dense.bias()
                    : layer instanceof Conv2dLayer conv ? conv.bias() : null;
            if (weight == null) {
                continue;
            }
            float[][] w = weight.value();
            for (float[] row : w) {
                for (int c = 0; c < row.length; c++) {
                    if ((edges & ZERO_WEIGHTS) != 0 && random.nextInt(4) == 0) {
                        row[c] = random.nextBoolean() ? 0f : -0f;
                    }
                    if ((edges & SUBNORMALS) != 0 && random.nextInt(50) == 0) {
                        // The whole subnormal range, and now and then the least normal float beside it.
                        int magnitude = random.nextInt(8) == 0 ? 0x00800000 : 1 + random.nextInt(0x007fffff);
                        row[c] = Float.intBitsToFloat(magnitude | (random.nextBoolean() ? 0 : 0x80000000));
                    }
                    if ((edges & NON_FINITE) != 0 && random.nextInt(2_000) == 0) {
                        row[c] = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}
                                [random.nextInt(3)];
                    }
                }
            }
            float[] b = bias.value()[0];
            if ((edges & IDENTICAL_UNITS) != 0 && b.length > 1 && random.nextBoolean()) {
                int from = random.nextInt(b.length);
                int to = random.nextInt(b.length);
                boolean nearly = random.nextBoolean();
                for (float[] row : w) {
                    row[to] = row[from];
                }
                // Now and then the units differ only in the bias, or in one weight's sign of zero.
                b[to] = nearly ? Math.nextUp(b[from]) : b[from];
            }
        }
    }

    /** Subnormal or non-finite words among the optimiser slots, written into the encoding. */
    private static byte[] bendSlots(byte[] encoded, long parameterCount, SplittableRandom random, int edges) {
        ByteBuffer words = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        int first = (int) (6 + parameterCount);
        int count = encoded.length / 4;
        for (int i = first; i < count; i++) {
            if ((edges & SUBNORMALS) != 0 && random.nextInt(20) == 0) {
                words.putInt(4 * i, 1 + random.nextInt(0x007fffff));
            }
            if ((edges & NON_FINITE) != 0 && random.nextInt(5_000) == 0) {
                words.putInt(4 * i, random.nextBoolean() ? 0x7fc00000 : 0xff800000);
            }
        }
        return encoded;
    }
}
