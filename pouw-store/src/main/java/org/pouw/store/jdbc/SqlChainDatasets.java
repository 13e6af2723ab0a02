package org.pouw.store.jdbc;

import java.util.Optional;
import org.pouw.core.port.BlobStore;
import org.pouw.ml.wire.Bytes32;

/**
 * The datasets a node serves to the chain's miners (table {@code chain_datasets}): a dataset's chain id names the blob
 * that holds its records. The blob and the row are written in one transaction, so a dataset is served whole or not
 * at all; storing the same dataset again changes nothing.
 */
public final class SqlChainDatasets {
    private static final String INSERT =
            "INSERT INTO chain_datasets (dataset_id, blob_key) VALUES (?, ?) ON CONFLICT (dataset_id) DO NOTHING";
    private static final String SELECT = "SELECT blob_key FROM chain_datasets WHERE dataset_id = ?";

    private final SqlTransactions database;
    private final BlobStore blobs;

    public SqlChainDatasets(SqlTransactions database, BlobStore blobs) {
        this.database = database;
        this.blobs = blobs;
    }

    /**
     * Stores {@code encoded} as the records of {@code datasetId} and returns the blob key. The caller has checked
     * that the bytes are the dataset the id names; a second call for the same id keeps the first row.
     */
    public String store(Bytes32 datasetId, byte[] encoded) {
        return database.writeSqlWithViews((sql, tx) -> {
            String key = tx.blobs().put(encoded);
            sql.update(INSERT, datasetId.toArray(), key);
            return key;
        });
    }

    /** The records of {@code datasetId}, as stored; empty when this node does not hold it. */
    public Optional<byte[]> encoded(Bytes32 datasetId) {
        return database.readSql(sql -> sql.first(SELECT, row -> row.getString(1), (Object) datasetId.toArray()))
                .flatMap(blobs::get);
    }

    /** Whether this node holds {@code datasetId}. */
    public boolean holds(Bytes32 datasetId) {
        return database.readSql(sql -> sql.first(SELECT, row -> row.getString(1), (Object) datasetId.toArray()))
                .isPresent();
    }
}
