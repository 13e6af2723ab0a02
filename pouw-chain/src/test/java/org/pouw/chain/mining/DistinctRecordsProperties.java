package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** docs/chain.md §3.2: a record scaled by any power of two that keeps it normal is the same record; a nudge is not. */
class DistinctRecordsProperties {
    @Property(tries = 1_000)
    void aPowerOfTwoScaledCopyCountsOnce(
            @ForAll @Size(min = 1, max = 8) List<@FloatRange(min = -100, max = 100) Float> features,
            @ForAll @IntRange(min = -60, max = 60) int exponent) {
        float[] row = toArray(features);
        float[] copy = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            copy[j] = StrictMath.scalb(row[j], exponent);
        }
        boolean normal = true;
        for (int j = 0; j < row.length; j++) {
            normal &= row[j] == 0f || (Math.abs(row[j]) >= Float.MIN_NORMAL && Math.abs(copy[j]) >= Float.MIN_NORMAL
                    && Float.isFinite(copy[j]));
        }
        if (normal) {
            assertThat(DistinctRecords.firstOfEach(new float[][] {row, copy}, new int[2])).containsExactly(true, false);
        }
    }

    @Property(tries = 1_000)
    void aChangedFeatureOrLabelCountsApart(
            @ForAll @Size(min = 1, max = 8) List<@FloatRange(min = 1, max = 100) Float> features,
            @ForAll @IntRange(min = 0, max = 7) int at) {
        float[] row = toArray(features);
        int j = at % row.length;
        float[] nudged = row.clone();
        nudged[j] = Math.nextUp(nudged[j]);

        assertThat(DistinctRecords.firstOfEach(new float[][] {row, nudged}, new int[2])).containsExactly(true, true);
        assertThat(DistinctRecords.firstOfEach(new float[][] {row, row}, new int[] {0, 1})).containsExactly(true, true);
    }

    /**
     * The fingerprint table and the per-dataset record traits pick the rows the plain set of (label, normalised
     * features) picks, on batches full of copies, scaled copies, zero and non-finite features.
     */
    @Property(tries = 500)
    void fingerprintsPickTheRowsTheSetOfNormalisedRecordsPicks(@ForAll long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int n = 1 + random.nextInt(40);
        int width = 1 + random.nextInt(6);
        float[][] rows = new float[n][width];
        int[] labels = new int[n];
        float[] palette = {0f, -0f, 1f, -1.5f, 3f, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY, 0.75f};
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            if (i > 0 && random.nextInt(3) == 0) {
                int of = random.nextInt(i);
                int exponent = random.nextInt(5) - 2;
                for (int j = 0; j < width; j++) {
                    rows[i][j] = StrictMath.scalb(rows[of][j], exponent);
                }
                labels[i] = random.nextInt(4) == 0 ? 1 - labels[of] : labels[of];
            } else {
                for (int j = 0; j < width; j++) {
                    rows[i][j] = palette[random.nextInt(palette.length)];
                }
            }
        }
        boolean[] expected = VitalsReference.firstOfEach(rows, labels);
        assertThat(DistinctRecords.firstOfEach(rows, labels)).isEqualTo(expected);

        org.pouw.ml.data.Dataset data = org.pouw.ml.data.Dataset.of(rows, labels, 2);
        RecordTraits traits = new RecordTraits(data);
        int[] batch = new int[n];
        for (int i = 0; i < n; i++) {
            batch[i] = i;
        }
        // Twice: the second time every record's traits are already known.
        assertThat(DistinctRecords.firstOfEach(traits, batch)).isEqualTo(expected);
        assertThat(DistinctRecords.firstOfEach(traits, batch)).isEqualTo(expected);
    }

    private static float[] toArray(List<Float> features) {
        float[] row = new float[features.size()];
        for (int j = 0; j < row.length; j++) {
            row[j] = features.get(j);
        }
        return row;
    }
}
