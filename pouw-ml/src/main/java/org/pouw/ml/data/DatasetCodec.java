package org.pouw.ml.data;

import java.nio.charset.StandardCharsets;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * The canonical byte form of a whole dataset, for sending one to a node and storing it as a blob: tag
 * {@code PMLD} v1, classes (i32), features per record (i32), record count (i32), then each record's label (i32)
 * and features (f32), big-endian. The decoder is strict — lengths checked against the bytes present before
 * anything is allocated, labels in range, features finite, no trailing bytes — so a hostile upload fails with an
 * {@link EncodingException} naming the record, and nothing else. The dataset's name stays its Merkle root
 * ({@link Dataset#root}), which does not depend on this encoding.
 */
public final class DatasetCodec {
    /** Big enough for CIFAR-10's 3,072 features and then some; a task's caps bound the model, not the data. */
    public static final int MAX_FEATURES = 1 << 16;
    public static final int MAX_CLASSES = 1 << 16;
    private static final byte[] TAG = "PMLD\u0001".getBytes(StandardCharsets.ISO_8859_1);

    private DatasetCodec() {
    }

    public static byte[] encode(Dataset data) {
        int width = data.featureCount();
        CanonicalWriter out = new CanonicalWriter(TAG.length + 12 + data.size() * (4 + 4 * width));
        out.raw(TAG).i32(data.classes()).i32(width).i32(data.size());
        for (int i = 0; i < data.size(); i++) {
            out.i32(data.label(i));
            for (float value : data.features(i)) {
                out.f32(value);
            }
        }
        return out.toByteArray();
    }

    public static Dataset decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "dataset");
        int classes = in.i32InRange("classes", 2, MAX_CLASSES);
        int width = in.i32InRange("features per record", 1, MAX_FEATURES);
        int count = in.count("records", Integer.MAX_VALUE, 4 + 4 * width);
        if (count == 0) {
            throw new EncodingException("records: a dataset needs at least one record");
        }
        float[][] features = new float[count][width];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = in.i32("label");
            if (label < 0 || label >= classes) {
                throw new EncodingException("record " + i + " label: " + label + " is outside [0, " + classes + ")");
            }
            labels[i] = label;
            float[] row = features[i];
            for (int j = 0; j < width; j++) {
                float value = Float.intBitsToFloat(in.i32("features"));
                if (!Float.isFinite(value)) { // also refuses every NaN, canonical or not
                    throw new EncodingException("record " + i + " feature " + j + ": " + value + " is not finite");
                }
                row[j] = value;
            }
        }
        in.requireEnd("dataset");
        return Dataset.owning(features, labels, classes);
    }
}
