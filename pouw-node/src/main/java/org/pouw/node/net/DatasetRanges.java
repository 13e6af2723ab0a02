package org.pouw.node.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pouw.chain.net.BlobRange;
import org.pouw.chain.net.ProvenRecords;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * The serving side of {@code get_blob} (docs/network.md §4, "Blobs"): a range of a dataset this node holds, each record
 * with its Merkle proof ({@link ProvenRecords}). A dataset is decoded and its tree built once, on its first range,
 * and kept for the next (at most {@link #KEPT} of them).
 */
final class DatasetRanges {
    static final int KEPT = 4;

    private final Function<Bytes32, Optional<byte[]>> encoded;
    private final Map<Bytes32, Dataset> decoded = new ConcurrentHashMap<>();

    /** {@code encoded}: a held dataset's upload ({@code PMLD}) by chain dataset id. */
    DatasetRanges(Function<Bytes32, Optional<byte[]>> encoded) {
        this.encoded = encoded;
    }

    /** The proven records of the range a bulk id names; empty (answered "not found") if not held or not a range. */
    Optional<byte[]> answer(byte[] id) {
        BlobRange range;
        try {
            range = BlobRange.ofId(id);
        } catch (EncodingException e) {
            return Optional.empty();
        }
        Optional<Dataset> data = dataset(range.dataset());
        if (data.isEmpty() || range.first() >= data.get().size()) {
            return Optional.empty();
        }
        Dataset dataset = data.get();
        int end = (int) Math.min(dataset.size(), range.first() + range.count());
        List<byte[]> records = new ArrayList<>(end - (int) range.first());
        List<MerkleTree.Proof> proofs = new ArrayList<>(records.size());
        for (int i = (int) range.first(); i < end; i++) {
            records.add(dataset.record(i));
            proofs.add(dataset.proveRecord(i));
        }
        return Optional.of(ProvenRecords.encode(records, proofs));
    }

    private Optional<Dataset> dataset(Bytes32 id) {
        Dataset kept = decoded.get(id);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<Dataset> loaded = encoded.apply(id).map(DatasetCodec::decode);
        loaded.ifPresent(data -> {
            if (decoded.size() >= KEPT) {
                decoded.clear();     // rare (few datasets are served at once); the next range rebuilds its tree
            }
            decoded.put(id, data);
        });
        return loaded;
    }
}
