package org.pouw.chain.mining;

import java.util.Arrays;

/**
 * Which rows of a batch count for tickets (docs/chain.md §3.2): the first of each group of records that are the same
 * up to a power-of-two factor. A record is normalised by the exponent of its first non-zero feature (every feature
 * scaled by 2^−e, which is exact for normal floats); two records are the same when their labels are equal and their
 * normalised features are bit-identical. A batch of one record and its scaled copies therefore counts one record,
 * so copying a record costs training but earns nothing.
 *
 * <p>Rows are compared by a 64-bit fingerprint of the label and the normalised features first, and only rows whose
 * fingerprints are equal are compared feature by feature: the fingerprint is a function of what equality compares, so
 * equal records always share one, and a shared fingerprint is never taken for equality. A miner's fingerprints are
 * worked out once per dataset record ({@link RecordTraits}), not once per step.
 */
public final class DistinctRecords {
    private DistinctRecords() {
    }

    /** {@code counted[i]} is true for the first row of each distinct record, in batch order. */
    public static boolean[] firstOfEach(float[][] features, int[] labels) {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
        }
        long[] fingerprints = new long[features.length];
        for (int i = 0; i < features.length; i++) {
            fingerprints[i] = fingerprint(labels[i], features[i]);
        }
        return firstOfEach(fingerprints, features, labels);
    }

    /** As {@link #firstOfEach(float[][], int[])} for records {@code rows} of the dataset {@code traits} describes. */
    public static boolean[] firstOfEach(RecordTraits traits, int[] rows) {
        long[] fingerprints = new long[rows.length];
        float[][] features = new float[rows.length][];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            RecordTraits.Record record = traits.of(rows[i]);
            fingerprints[i] = record.fingerprint();
            labels[i] = record.label();
            features[i] = traits.data().features(rows[i]);
        }
        return firstOfEach(fingerprints, features, labels);
    }

    /**
     * The first row of each distinct record: an open-addressing table of the counted rows keyed by fingerprint; a
     * row is counted unless a counted row with its fingerprint is equal to it feature by feature.
     */
    private static boolean[] firstOfEach(long[] fingerprints, float[][] features, int[] labels) {
        int n = fingerprints.length;
        boolean[] counted = new boolean[n];
        int size = Integer.highestOneBit(Math.max(2, 2 * n - 1)) << 1;
        int[] slots = new int[size];
        Arrays.fill(slots, -1);
        int mask = size - 1;
        for (int i = 0; i < n; i++) {
            long key = fingerprints[i];
            int slot = (int) (key ^ (key >>> 32)) & mask;
            boolean seen = false;
            for (int j = slots[slot]; j >= 0; j = slots[slot]) {
                if (fingerprints[j] == key && same(labels[i], features[i], labels[j], features[j])) {
                    seen = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (!seen) {
                counted[i] = true;
                slots[slot] = i;
            }
        }
        return counted;
    }

    private static boolean same(int label, float[] row, int otherLabel, float[] other) {
        return label == otherLabel && Arrays.equals(normalise(row), normalise(other));
    }

    /** A 64-bit hash of the label and the normalised features: equal records, equal fingerprints. */
    static long fingerprint(int label, float[] row) {
        int[] bits = normalise(row);
        long h = 0x6a09e667f3bcc909L ^ label;
        for (int b : bits) {
            h = (h ^ b) * 0x9e3779b97f4a7c15L;
            h ^= h >>> 29;
        }
        h ^= bits.length;
        h *= 0xbf58476d1ce4e5b9L;
        return h ^ (h >>> 31);
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
        // StrictMath.scalb(x, k) is x · 2^k computed exactly in double and rounded once to float. For k in
        // [−149, 127] (always here: the exponent is in [−127, 128]) 2^k is itself a float, and a float product is
        // the exact product rounded once: the same bits without a call per feature (NormaliseProperties).
        float scale = StrictMath.scalb(1f, -exponent);
        boolean exact = -exponent >= -149 && -exponent <= 127;
        for (int j = 0; j < row.length; j++) {
            bits[j] = Float.floatToIntBits(exact ? row[j] * scale : StrictMath.scalb(row[j], -exponent));
        }
        return bits;
    }
}
