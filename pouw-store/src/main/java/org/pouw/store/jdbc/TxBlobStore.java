package org.pouw.store.jdbc;

import java.util.Optional;
import org.pouw.core.port.BlobStore;

/** Blobs read and written on a transaction's own connection, so a blob commits (or not) with the rest of it. */
public record TxBlobStore(SqlSession sql) implements BlobStore {
    @Override
    public String put(byte[] content) {
        String key = BlobTable.keyOf(content);
        BlobTable.insert(sql, key, content);
        return key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return BlobTable.isKey(key) ? BlobTable.select(sql, key) : Optional.empty();
    }
}
