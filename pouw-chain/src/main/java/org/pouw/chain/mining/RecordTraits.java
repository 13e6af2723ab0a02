package org.pouw.chain.mining;

import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Conv2dLayer;

/**
 * What the ticket count (docs/chain.md §3.2) needs of each record of one dataset that no step changes: its
 * distinct-record fingerprint, whether every feature is finite, which features are zero, and — when the first layer
 * is a convolution — how many non-zero pixels each kernel entry sweeps. A dataset's records are fixed by its root,
 * so each record's traits are worked out the first time a batch draws it and read from here at every later step;
 * the count they give is the one {@link DistinctRecords#firstOfEach(float[][], int[])} and the uncached paths of
 * {@link ForwardWork} give (every trait is a function of the record's values alone).
 *
 * <p>A miner keeps one per task for its whole run ({@link ChainTrainer}); a validator that holds the dataset keeps one
 * in its {@link StepReplay}. Memory: per record drawn, a fingerprint and the index list of its zero or of its
 * non-zero features, whichever is shorter — at most half the record's own size, about a fifth for MNIST digits.
 * Entries are immutable and published through final fields, so threads may share one instance.
 */
public final class RecordTraits {
    private final Dataset data;
    private final Record[] records;
    private volatile ConvWindows convWindows;

    public RecordTraits(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("a dataset is required");
        }
        this.data = data;
        this.records = new Record[data.size()];
    }

    /** The dataset these traits describe. */
    public Dataset data() {
        return data;
    }

    /** Record {@code index}'s traits, worked out on first use. */
    Record of(int index) {
        Record known = records[index];
        if (known == null) {
            known = Record.of(data.label(index), data.features(index));
            records[index] = known;
        }
        return known;
    }

    /**
     * For a first layer {@code conv}: entry {@code (ky·K + kx)·C + c} is the number of non-zero pixels patch entry
     * (ky, kx, c) reads over the output positions of record {@code index}'s image ({@link PatchWindows}).
     */
    int[] convWindows(int index, Conv2dLayer conv) {
        ConvWindows windows = convWindows;
        if (windows == null || !windows.fits(conv)) {
            windows = new ConvWindows(conv, data.size());
            convWindows = windows;
        }
        return windows.of(index, data.features(index), conv);
    }

    /**
     * One record's traits.
     *
     * @param label       the record's label
     * @param fingerprint a 64-bit hash of the label and the normalised features ({@link DistinctRecords}): equal
     *                    records have equal fingerprints; equal fingerprints are confirmed feature by feature
     * @param finite      every feature finite
     * @param listsZeros  whether {@code features} lists the zero features (else the non-zero ones)
     * @param features    indices of the record's zero features or of its non-zero ones, whichever are fewer
     */
    record Record(int label, long fingerprint, boolean finite, boolean listsZeros, int[] features) {
        /**
         * One pass lists the zero features from the front of a scratch array and the non-zero ones from its back,
         * both stores every time and no branch (a zero pattern is as unpredictable as the data: the branch missed
         * often enough to be a third of a record's cost); the shorter list is then copied out in ascending order.
         */
        static Record of(int label, float[] row) {
            int n = row.length;
            int[] scratch = new int[n];
            int zeros = 0;
            int nonZero = 0;
            int nonFinite = 0;
            for (int j = 0; j < n; j++) {
                int m = Float.floatToRawIntBits(row[j]) & 0x7fffffff;
                nonFinite |= 0x7f7fffff - m;
                // Both slots are free (zeros + nonZero = j < n), so storing j in both is harmless.
                scratch[zeros] = j;
                scratch[n - 1 - nonZero] = j;
                int isZero = (m - 1) >>> 31;
                zeros += isZero;
                nonZero += 1 - isZero;
            }
            boolean listsZeros = 2 * nonZero > n;
            int[] listed;
            if (listsZeros) {
                listed = java.util.Arrays.copyOf(scratch, zeros);
            } else {
                listed = new int[nonZero];
                for (int i = 0; i < nonZero; i++) {
                    listed[i] = scratch[n - 1 - i];
                }
            }
            return new Record(label, DistinctRecords.fingerprint(label, row), nonFinite >= 0, listsZeros, listed);
        }
    }

    /** The convolution windows of each record for one first-layer geometry. */
    private static final class ConvWindows {
        private final Geometry geometry;
        private final Counts[] byRecord;

        ConvWindows(Conv2dLayer conv, int records) {
            this.geometry = Geometry.of(conv);
            this.byRecord = new Counts[records];
        }

        boolean fits(Conv2dLayer conv) {
            return geometry.equals(Geometry.of(conv));
        }

        int[] of(int index, float[] image, Conv2dLayer conv) {
            Counts known = byRecord[index];
            if (known == null) {
                known = new Counts(PatchWindows.of(image, conv));
                byRecord[index] = known;
            }
            return known.perEntry();
        }
    }

    /** What a first-layer convolution's windows depend on (the filters do not enter). */
    private record Geometry(int kernel, int stride, int padding, int height, int width, int channels) {
        static Geometry of(Conv2dLayer conv) {
            return new Geometry(conv.kernel(), conv.stride(), conv.padding(), conv.height(), conv.width(),
                    conv.channels());
        }
    }

    /** Wrapped so the array is published through a final field. */
    private record Counts(int[] perEntry) {
    }
}
