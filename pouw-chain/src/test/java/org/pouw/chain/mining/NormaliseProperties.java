package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The distinct-record key's normalisation (docs/chain.md §3.2) is consensus: its fast form (one float product per
 * feature) must give the bits of its definition, {@code StrictMath.scalb(x, −e)} per feature, on every float —
 * subnormals, ±0, ±∞, NaN payloads and the extremes of the range included.
 */
class NormaliseProperties {
    @Property(tries = 3_000)
    void theProductFormIsScalbFeatureByFeature(@ForAll("rows") @Size(min = 1, max = 12) float[] row) {
        assertThat(DistinctRecords.normalise(row)).isEqualTo(byDefinition(row));
    }

    @Property(tries = 2_000)
    void everyFirstExponentScalesEveryFeatureAsScalbDoes(@ForAll("anyFloat") float first,
                                                         @ForAll("anyFloat") float other) {
        float[] row = {first, other, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 0.1f};
        assertThat(DistinctRecords.normalise(row)).isEqualTo(byDefinition(row));
    }

    @Provide
    Arbitrary<float[]> rows() {
        return anyFloat().array(float[].class).ofMinSize(1).ofMaxSize(12);
    }

    /** Any bit pattern, and the edge values more often than chance gives them. */
    @Provide
    Arbitrary<Float> anyFloat() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().map(Float::intBitsToFloat)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 0x00ffffff)
                        .map(Float::intBitsToFloat)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE,
                        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc00001),
                        Float.intBitsToFloat(0xff800001), 1f, -1f, 0.5f, 3f)));
    }

    private static int[] byDefinition(float[] row) {
        return VitalsReference.normalised(row);
    }
}
