package org.pouw.chain.mining;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Which rows of a batch count for tickets (docs/chain.md §3.2): the first of each group of records that are the same
 * up to a power-of-two factor. A record is normalised by the exponent of its first non-zero feature (every feature
 * scaled by 2^−e, which is exact for normal floats); two records are the same when their labels are equal and their
 * normalised features are bit-identical. A batch of one record and its scaled copies therefore counts one record,
 * so copying a record costs training but earns nothing.
 */
public final class DistinctRecords {
    private DistinctRecords() {
    }

    /** {@code counted[i]} is true for the first row of each distinct record, in batch order. */
    public static boolean[] firstOfEach(float[][] features, int[] labels) {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
        }
        boolean[] counted = new boolean[features.length];
        Set<Normalised> seen = new HashSet<>();
        for (int i = 0; i < features.length; i++) {
            counted[i] = seen.add(new Normalised(labels[i], normalise(features[i])));
        }
        return counted;
    }

    static int[] normalise(float[] row) {
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

    private record Normalised(int label, int[] bits) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Normalised that && label == that.label && Arrays.equals(bits, that.bits);
        }

        @Override
        public int hashCode() {
            return 31 * label + Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "record of label " + label;
        }
    }
}
