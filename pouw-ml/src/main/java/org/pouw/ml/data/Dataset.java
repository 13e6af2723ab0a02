package org.pouw.ml.data;

import java.util.ArrayList;
import java.util.List;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Labelled examples for classification: a feature vector (floats; images are height × width × channels, pixels
 * scaled to [0, 1]) and a class label per record.
 *
 * <p>A dataset is named by the Merkle root (pouw-crypto {@link MerkleTree}) of its records' canonical
 * encodings ({@link #record}), so a task that names a root commits to exactly these records in this order, and
 * any single record can be proven against it. The root does not depend on the file format the data came from.
 */
public final class Dataset {
    private final float[][] features;
    private final int[] labels;
    private final int classes;
    private volatile MerkleTree tree;

    private Dataset(float[][] features, int[] labels, int classes) {
        this.features = features;
        this.labels = labels;
        this.classes = classes;
    }

    /** A dataset over copies of the given arrays; every row must have the same length and every label fit. */
    public static Dataset of(float[][] features, int[] labels, int classes) {
        float[][] copy = new float[features.length][];
        for (int i = 0; i < features.length; i++) {
            copy[i] = features[i].clone();
        }
        return owning(copy, labels.clone(), classes);
    }

    /** For readers: takes ownership of freshly built arrays instead of copying them. */
    static Dataset owning(float[][] features, int[] labels, int classes) {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        int width = features.length == 0 ? 0 : features[0].length;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("record " + i + " has " + features[i].length + " features, not " + width);
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("record " + i + " has label " + labels[i] + " outside [0, " + classes + ")");
            }
        }
        return new Dataset(features, labels, classes);
    }

    public int size() {
        return labels.length;
    }

    public int featureCount() {
        return features.length == 0 ? 0 : features[0].length;
    }

    public int classes() {
        return classes;
    }

    /** The feature row of record {@code i}; shared, not copied — callers must not modify it. */
    public float[] features(int i) {
        return features[i];
    }

    public int label(int i) {
        return labels[i];
    }

    /** The canonical encoding of record i: label (i32), feature count (i32), features (f32 bits), big-endian. */
    public byte[] record(int i) {
        float[] row = features[i];
        CanonicalWriter out = new CanonicalWriter(8 + 4 * row.length);
        out.i32(labels[i]).i32(row.length);
        for (float value : row) {
            out.f32(value);
        }
        return out.toByteArray();
    }

    /** The Merkle root over all records, computed once. */
    public Bytes32 root() {
        return Bytes32.of(tree().root());
    }

    public MerkleTree.Proof proveRecord(int i) {
        return tree().prove(i);
    }

    /** True if {@code record} is record {@code proof.index()} of the dataset named {@code root}. */
    public static boolean verifyRecord(Bytes32 root, byte[] record, MerkleTree.Proof proof) {
        return proof.verify(root.toArray(), MerkleTree.leafHash(record));
    }

    /** Records [from, to) as a dataset of their own (e.g. a train/held-out split). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size());
        }
        float[][] part = new float[to - from][];
        System.arraycopy(features, from, part, 0, part.length);
        int[] partLabels = new int[to - from];
        System.arraycopy(labels, from, partLabels, 0, partLabels.length);
        return new Dataset(part, partLabels, classes);
    }

    /** Records whose index is {@code shard} modulo {@code shards}: an even, deterministic split for federated workers. */
    public Dataset shard(int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
        List<Integer> picked = new ArrayList<>();
        for (int i = shard; i < size(); i += shards) {
            picked.add(i);
        }
        float[][] part = new float[picked.size()][];
        int[] partLabels = new int[picked.size()];
        for (int k = 0; k < picked.size(); k++) {
            part[k] = features[picked.get(k)];
            partLabels[k] = labels[picked.get(k)];
        }
        return new Dataset(part, partLabels, classes);
    }

    private MerkleTree tree() {
        MerkleTree current = tree;
        if (current == null) {
            List<byte[]> records = new ArrayList<>(size());
            for (int i = 0; i < size(); i++) {
                records.add(record(i));
            }
            current = MerkleTree.ofData(records);
            tree = current;
        }
        return current;
    }
}
