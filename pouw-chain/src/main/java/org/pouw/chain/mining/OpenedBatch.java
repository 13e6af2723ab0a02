package org.pouw.chain.mining;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.EncodingException;

/**
 * The records of a step's batch as a block carries them (docs/chain.md §3.1, §4.2), so a validator replays the step
 * without holding the task's dataset: each record's canonical encoding (pouw-ml {@code Dataset.record}: label i32,
 * feature count i32, features f32, big-endian) with its Merkle proof against the task's dataset root, in batch order.
 */
public record OpenedBatch(List<byte[]> records, List<MerkleTree.Proof> proofs) {
    public OpenedBatch {
        if (records.size() != proofs.size()) {
            throw new IllegalArgumentException(records.size() + " records but " + proofs.size() + " proofs");
        }
        records = records.stream().map(byte[]::clone).toList();
        proofs = List.copyOf(proofs);
    }

    /**
     * The records, read-only: a view whose {@code get} hands out a copy of one record, so a caller can neither change
     * what was proven nor pay for copying every record when it reads one (or only the count).
     */
    @Override
    public List<byte[]> records() {
        return new CopyingView(records);
    }

    /** The miner's side: the records {@code batch} names, with their proofs. */
    public static OpenedBatch open(Dataset data, int[] batch) {
        List<byte[]> records = new ArrayList<>(batch.length);
        List<MerkleTree.Proof> proofs = new ArrayList<>(batch.length);
        for (int index : batch) {
            records.add(data.record(index));
            proofs.add(data.proveRecord(index));
        }
        return new OpenedBatch(records, proofs);
    }

    /**
     * The opened records as a dataset of their own, in batch order — or null unless record i is record
     * {@code batch[i]} of the {@code datasetSize}-record dataset named {@code root}, with {@code features} features
     * and a label below {@code classes}.
     */
    /** A read-only list over the records that copies each one it hands out. */
    private static final class CopyingView extends AbstractList<byte[]> implements RandomAccess {
        private final List<byte[]> records;

        CopyingView(List<byte[]> records) {
            this.records = records;
        }

        @Override
        public byte[] get(int index) {
            return records.get(index).clone();
        }

        @Override
        public int size() {
            return records.size();
        }
    }

    Dataset provenRecords(Bytes32 root, int datasetSize, int[] batch, int features, int classes) {
        if (records.size() != batch.length) {
            return null;
        }
        float[][] rows = new float[batch.length][];
        int[] labels = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            MerkleTree.Proof proof = proofs.get(i);
            if (proof.index() != batch[i] || proof.leafCount() != datasetSize
                    || !Dataset.verifyRecord(root, records.get(i), proof)) {
                return null;
            }
            try {
                CanonicalReader in = new CanonicalReader(records.get(i));
                labels[i] = in.i32InRange("label", 0, classes - 1);
                in.i32InRange("feature count", features, features);
                rows[i] = new float[features];
                for (int j = 0; j < features; j++) {
                    rows[i][j] = in.f32("feature");
                }
                in.requireEnd("record");
            } catch (EncodingException e) {
                return null;
            }
        }
        return Dataset.of(rows, labels, classes);
    }
}
