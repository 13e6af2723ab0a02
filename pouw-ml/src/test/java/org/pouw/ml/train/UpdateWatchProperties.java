package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The watched optimiser pass ({@link UpdateWatch}) leaves every weight and slot as the plain pass leaves it, and
 * reports what a word-by-word reading of the canonical words (IEEE bits with every NaN one NaN, as the state's
 * encoding writes them) before and after the update gives — on rows full of the edge cases: ±0, subnormals, ±∞,
 * NaNs of several payloads (signalling ones among them, which an update quiets: raw bits change, canonical ones do
 * not), rows identical to each other, and rows the update leaves unchanged.
 */
class UpdateWatchProperties {
    private static final int[] EDGES = {0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00400000, 0x7f800000,
        0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0x7fa00000, 0xffbfffff, 0x7f7fffff, 0x00800000};

    @Property(tries = 400)
    void theWatchedPassIsThePlainPassAndReportsTheReferenceCounts(@ForAll long seed,
                                                                  @ForAll @IntRange(min = 0, max = 5) int optimiser,
                                                                  @ForAll @IntRange(min = 0, max = 4) int edges) {
        SplittableRandom random = new SplittableRandom(seed);
        int edgePercent = new int[] {0, 1, 5, 30, 100}[edges];
        OptimizerSpec spec = switch (optimiser) {
            case 0 -> new SgdMomentum(0.05f, 0.9f);
            case 1 -> new SgdMomentum(0.01f, 0f, 0.01f);
            case 2 -> Adam.withLearningRate(0.001f);
            case 3 -> Adam.decoupled(0.01f, 0.1f);
            case 4 -> new SgdMomentum(1e-30f, 0f); // moves no normal weight: rows left unchanged
            default -> new SgdMomentum(0.1f, 0.5f);
        };
        float gradientScale = random.nextBoolean() ? 1f : 0.5f;
        OptimizerSpec.RowUpdate update = spec.forStep(random.nextInt(10), spec.learningRate(), gradientScale);
        int rows = 1 + random.nextInt(12);
        float[][] weights = new float[rows][];
        float[][] gradients = new float[rows][];
        float[][][] slots = new float[rows][spec.slotCount()][];
        for (int r = 0; r < rows; r++) {
            int width = r > 0 && random.nextInt(4) == 0 ? weights[r - 1].length : 1 + random.nextInt(40);
            weights[r] = r > 0 && width == weights[r - 1].length && random.nextBoolean() ? weights[r - 1].clone()
                    : row(random, width, edgePercent);
            gradients[r] = random.nextInt(5) == 0 ? new float[width] : row(random, width, edgePercent);
            for (int s = 0; s < spec.slotCount(); s++) {
                slots[r][s] = s == 1 ? absolute(row(random, width, edgePercent)) : row(random, width, edgePercent);
            }
        }
        float[][] plainWeights = deepCopy(weights);
        float[][][] plainSlots = new float[rows][][];
        for (int r = 0; r < rows; r++) {
            plainSlots[r] = deepCopy(slots[r]);
        }
        int[][] canonicalBefore = canonical(weights);

        UpdateWatch watch = new UpdateWatch(weights);
        int[] scratch = watch.scratch();
        for (int r = 0; r < rows; r++) {
            watch.update(r, update, weights[r], gradients[r], slots[r], scratch);
            update.apply(plainWeights[r], gradients[r], plainSlots[r]);
        }

        // Canonical bits: which NaN payload an operation passes on may differ between the interpreter and compiled
        // code (x86 passes the first operand's, and a compiler may swap the operands of a product), which is why the
        // state's encoding writes every NaN as one NaN.
        assertThat(canonical(weights)).isDeepEqualTo(canonical(plainWeights));
        for (int r = 0; r < rows; r++) {
            assertThat(canonical(slots[r])).isDeepEqualTo(canonical(plainSlots[r]));
        }
        UpdateVitals expected = reference(canonicalBefore, canonical(weights), gradients, slots);
        assertThat(watch.vitals()).isEqualTo(expected);
        assertThat(watch.gradientZeroWords()).isEqualTo(expected.gradientZeroWords());
        Statistics.label("finite").collect(expected.finite());
        long words = 0;
        for (float[] row : weights) {
            words += row.length;
        }
        Statistics.label("some unchanged").collect(expected.changedParameterWords() < words);
        Statistics.label("subnormal after").collect(expected.subnormalParameterWords() > 0);
    }

    /** A signalling NaN weight comes out quiet: its raw bits change, its canonical bits (one NaN) do not. */
    @Test
    void aQuietedNaNIsNotAChange() {
        float[] weights = {Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xffc00001), 1f};
        float[] gradient = {1f, 1f, 0f};
        float[][] slots = {{0f, 0f, 0f}};
        assertThat(Float.floatToRawIntBits(weights[0])).isEqualTo(0x7f800001);
        UpdateWatch watch = new UpdateWatch(new float[][] {weights});
        watch.update(0, new SgdMomentum(0.5f, 0f).forStep(0, 0.5f, 1f), weights, gradient, slots, watch.scratch());
        assertThat(Float.floatToRawIntBits(weights[0])).isNotEqualTo(0x7f800001);
        assertThat(Float.isNaN(weights[0]) && Float.isNaN(weights[1])).isTrue();
        assertThat(watch.vitals()).isEqualTo(new UpdateVitals(1, 0, 0, false));
    }

    /** The canonical words' reading, word by word. */
    private static UpdateVitals reference(int[][] before, int[][] after, float[][] gradients, float[][][] slots) {
        long zeros = 0;
        long changed = 0;
        long subnormal = 0;
        boolean finite = true;
        for (int r = 0; r < before.length; r++) {
            for (int j = 0; j < before[r].length; j++) {
                if (gradients[r][j] == 0f) {
                    zeros++;
                }
                if (before[r][j] != after[r][j]) {
                    changed++;
                }
                float value = Float.intBitsToFloat(after[r][j]);
                if (value != 0f && Math.abs(value) < Float.MIN_NORMAL) {
                    subnormal++;
                }
                finite &= Float.isFinite(value);
            }
            for (float[] slot : slots[r]) {
                for (float s : slot) {
                    finite &= Float.isFinite(s);
                }
            }
        }
        return new UpdateVitals(zeros, changed, subnormal, finite);
    }

    private static float[] row(SplittableRandom random, int width, int edgePercent) {
        float[] row = new float[width];
        for (int j = 0; j < width; j++) {
            row[j] = random.nextInt(100) < edgePercent ? Float.intBitsToFloat(EDGES[random.nextInt(EDGES.length)])
                    : (float) random.nextGaussian() * (random.nextBoolean() ? 1f : 1e-36f);
        }
        return row;
    }

    /** Adam's second moment is never negative in a state its own steps made. */
    private static float[] absolute(float[] row) {
        for (int j = 0; j < row.length; j++) {
            row[j] = Float.intBitsToFloat(Float.floatToRawIntBits(row[j]) & 0x7fffffff);
        }
        return row;
    }

    private static int[][] canonical(float[][] rows) {
        int[][] words = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            words[r] = new int[rows[r].length];
            for (int j = 0; j < rows[r].length; j++) {
                words[r][j] = Float.floatToIntBits(rows[r][j]);
            }
        }
        return words;
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r].clone();
        }
        return copy;
    }
}
