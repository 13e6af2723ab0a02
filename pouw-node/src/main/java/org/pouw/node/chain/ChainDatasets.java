package org.pouw.node.chain;

import java.util.Optional;
import org.pouw.chain.task.DatasetId;
import org.pouw.core.PouwException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.jdbc.SqlChainDatasets;

/**
 * The datasets a node serves so miners can train the tasks that name them (docs/chain.md §4.2): uploaded in their
 * {@code PMLD} encoding, decoded and checked here, kept in the blob store and found by chain dataset id.
 */
public final class ChainDatasets {
    private final SqlChainDatasets index;

    ChainDatasets(SqlChainDatasets index) {
        this.index = index;
    }

    /** Decodes {@code encoded} strictly and serves it under its dataset id; a bad encoding names the field. */
    public ServedDataset register(byte[] encoded) {
        Dataset data;
        try {
            data = DatasetCodec.decode(encoded);
        } catch (RuntimeException e) {
            // Any failure to read uploaded bytes is the uploader's: never a 500 (the codec is fuzzed in pouw-ml).
            throw PouwException.invalid("dataset", "not a PMLD dataset: " + e.getMessage());
        }
        Bytes32 id = new DatasetId(data.root(), data.size()).hash();
        index.store(id, encoded);
        return new ServedDataset(id, data.root(), data.size(), data.featureCount(), data.classes());
    }

    /** Whether this node holds the dataset of chain dataset id {@code datasetId}. */
    public boolean holds(Bytes32 datasetId) {
        return index.holds(datasetId);
    }

    /** The records of {@code datasetId} as uploaded, if this node holds them. */
    public Optional<byte[]> encoded(Bytes32 datasetId) {
        return index.encoded(datasetId);
    }
}
