package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A record's traits are worked out in one branch-free pass and its fingerprint in four lanes without an array of
 * normalised bits (docs/chain.md §3.4, "records first drawn"): each must be what its plain definition gives — the
 * ascending indices of the zero features or of the non-zero ones, whichever are fewer, every feature finite, and the
 * lane hash of the normalised bits — on rows full of zeros, −0, subnormals, ±∞ and NaN.
 */
class RecordTraitsProperties {
    @Property(tries = 2_000)
    void aRecordsTraitsAreTheirDefinition(@ForAll("rows") float[] row, @ForAll int label) {
        RecordTraits.Record record = RecordTraits.Record.of(label, row);

        int[] zeros = IntStream.range(0, row.length).filter(j -> row[j] == 0f).toArray();
        int[] nonZeros = IntStream.range(0, row.length).filter(j -> row[j] != 0f).toArray();
        boolean listsZeros = 2 * nonZeros.length > row.length;
        assertThat(record.listsZeros()).isEqualTo(listsZeros);
        assertThat(record.features()).containsExactly(listsZeros ? zeros : nonZeros);
        assertThat(record.finite()).isEqualTo(IntStream.range(0, row.length).allMatch(j -> Float.isFinite(row[j])));
        assertThat(record.label()).isEqualTo(label);
        assertThat(record.fingerprint()).isEqualTo(DistinctRecords.fingerprint(label, row));
    }

    @Property(tries = 2_000)
    void theFingerprintIsTheLaneHashOfTheNormalisedBits(@ForAll("rows") float[] row, @ForAll int label) {
        assertThat(DistinctRecords.fingerprint(label, row))
                .isEqualTo(DistinctRecords.fingerprintOfBits(label, DistinctRecords.normalise(row)));
    }

    @Property(tries = 500)
    void aPowerOfTwoScaledCopyHasTheSameFingerprint(@ForAll("rows") float[] row, @ForAll int label) {
        float[] doubled = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            doubled[j] = row[j] * 2f;
        }
        if (java.util.Arrays.equals(DistinctRecords.normalise(row), DistinctRecords.normalise(doubled))) {
            assertThat(DistinctRecords.fingerprint(label, doubled)).isEqualTo(DistinctRecords.fingerprint(label, row));
        }
    }

    @Provide
    Arbitrary<float[]> rows() {
        Arbitrary<Float> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(0f, -0f)),
                net.jqwik.api.Tuple.of(4, Arbitraries.floats().between(-4f, 4f)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().map(Float::intBitsToFloat)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_NORMAL)));
        return value.array(float[].class).ofMinSize(0).ofMaxSize(40);
    }
}
