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
        return firstOfEach(fingerprints, (i, j) -> same(labels[i], features[i], labels[j], features[j]));
    }

    /**
     * As {@link #firstOfEach(float[][], int[])} for records {@code rows} of the dataset {@code traits} describes. Only
     * the fingerprints are gathered up front; a record's label and features are read only when its fingerprint meets
     * a counted row's (a miner's steady state then costs a table of the batch's fingerprints and nothing per feature).
     */
    public static boolean[] firstOfEach(RecordTraits traits, int[] rows) {
        int n = rows.length;
        long[] fingerprints = new long[n];
        for (int i = 0; i < n; i++) {
            fingerprints[i] = traits.of(rows[i]).fingerprint();
        }
        return firstOfEach(fingerprints, (i, j) -> same(traits.of(rows[i]).label(), traits.data().features(rows[i]),
                traits.of(rows[j]).label(), traits.data().features(rows[j])));
    }

    /** An empty open-addressing table (−1 is free) for {@code n} rows, at most half full. */
    private static int[] table(int n) {
        int[] slots = new int[Integer.highestOneBit(Math.max(2, 2 * n - 1)) << 1];
        Arrays.fill(slots, -1);
        return slots;
    }

    /**
     * The first row of each distinct record: an open-addressing table of the counted rows keyed by fingerprint; a
     * row is counted unless a counted row with its fingerprint is equal to it feature by feature.
     */
    private static boolean[] firstOfEach(long[] fingerprints, SameRecord same) {
        int n = fingerprints.length;
        boolean[] counted = new boolean[n];
        int[] slots = table(n);
        int mask = slots.length - 1;
        for (int i = 0; i < n; i++) {
            long key = fingerprints[i];
            int slot = (int) (key ^ (key >>> 32)) & mask;
            boolean seen = false;
            for (int j = slots[slot]; j >= 0; j = slots[slot]) {
                if (fingerprints[j] == key && same.rows(i, j)) {
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

    /** Whether batch rows {@code i} and {@code j}, whose fingerprints are equal, are the same record. */
    private interface SameRecord {
        boolean rows(int i, int j);
    }

    private static boolean same(int label, float[] row, int otherLabel, float[] other) {
        return label == otherLabel && Arrays.equals(normalise(row), normalise(other));
    }

    /**
     * A 64-bit hash of the label and the normalised features: equal records, equal fingerprints. Four lanes take
     * features j ≡ 0, 1, 2, 3 (mod 4) and are mixed at the end: one chain of multiplies per feature was the
     * first-draw count's largest cost (each step waiting on the last), and the normalised bits are formed as they
     * are hashed instead of into an array per record. {@link #fingerprintOfBits} is the same hash over the bits of
     * {@link #normalise}, for the scale that is not a float (never met: see {@code normalise}).
     */
    static long fingerprint(int label, float[] row) {
        int exponent = firstExponent(row);
        if (!exactScale(exponent)) {
            return fingerprintOfBits(label, normalise(row));
        }
        float scale = StrictMath.scalb(1f, -exponent);
        long h0 = LANE_0 ^ label;
        long h1 = LANE_1;
        long h2 = LANE_2;
        long h3 = LANE_3;
        int n = row.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            h0 = mix(h0, Float.floatToIntBits(row[j] * scale));
            h1 = mix(h1, Float.floatToIntBits(row[j + 1] * scale));
            h2 = mix(h2, Float.floatToIntBits(row[j + 2] * scale));
            h3 = mix(h3, Float.floatToIntBits(row[j + 3] * scale));
        }
        for (; j < n; j++) {
            h0 = mix(h0, Float.floatToIntBits(row[j] * scale));
        }
        return finish(h0, h1, h2, h3, n);
    }

    /** {@link #fingerprint} over already normalised bits. */
    static long fingerprintOfBits(int label, int[] bits) {
        long h0 = LANE_0 ^ label;
        long h1 = LANE_1;
        long h2 = LANE_2;
        long h3 = LANE_3;
        int n = bits.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            h0 = mix(h0, bits[j]);
            h1 = mix(h1, bits[j + 1]);
            h2 = mix(h2, bits[j + 2]);
            h3 = mix(h3, bits[j + 3]);
        }
        for (; j < n; j++) {
            h0 = mix(h0, bits[j]);
        }
        return finish(h0, h1, h2, h3, n);
    }

    private static final long LANE_0 = 0x6a09e667f3bcc909L;
    private static final long LANE_1 = 0xbb67ae8584caa73bL;
    private static final long LANE_2 = 0x3c6ef372fe94f82bL;
    private static final long LANE_3 = 0xa54ff53a5f1d36f1L;

    private static long mix(long h, int bits) {
        long m = (h ^ bits) * 0x9e3779b97f4a7c15L;
        return m ^ (m >>> 29);
    }

    private static long finish(long h0, long h1, long h2, long h3, int n) {
        long h = mix(mix(mix(h0 ^ n, (int) h1 ^ (int) (h1 >>> 32)), (int) h2 ^ (int) (h2 >>> 32)),
                (int) h3 ^ (int) (h3 >>> 32));
        h = (h ^ h1 ^ Long.rotateLeft(h2, 21) ^ Long.rotateLeft(h3, 42)) * 0xbf58476d1ce4e5b9L;
        return h ^ (h >>> 31);
    }

    /** The exponent of the first non-zero feature (0 when there is none): what a record is normalised by. */
    private static int firstExponent(float[] row) {
        for (float x : row) {
            if (x != 0f) {
                return StrictMath.getExponent(x);
            }
        }
        return 0;
    }

    /** Whether 2^−exponent is a float, so a float product is {@code StrictMath.scalb} (always, see normalise). */
    private static boolean exactScale(int exponent) {
        return -exponent >= -149 && -exponent <= 127;
    }

    static int[] normalise(float[] row) {
        int exponent = firstExponent(row);
        int[] bits = new int[row.length];
        // StrictMath.scalb(x, k) is x · 2^k computed exactly in double and rounded once to float. For k in
        // [−149, 127] (always here: the exponent is in [−127, 128]) 2^k is itself a float, and a float product is
        // the exact product rounded once: the same bits without a call per feature (NormaliseProperties).
        float scale = StrictMath.scalb(1f, -exponent);
        boolean exact = exactScale(exponent);
        for (int j = 0; j < row.length; j++) {
            bits[j] = Float.floatToIntBits(exact ? row[j] * scale : StrictMath.scalb(row[j], -exponent));
        }
        return bits;
    }
}
