package org.pouw.store.postgres;

import java.util.Optional;
import org.pouw.core.port.BlobStore;
import org.pouw.store.jdbc.BlobTable;

/** Blobs in PostgreSQL, so every node behind one database serves every trace and proof. */
final class PostgresBlobStore implements BlobStore {
    private final PostgresStorage storage;

    PostgresBlobStore(PostgresStorage storage) {
        this.storage = storage;
    }

    @Override
    public String put(byte[] content) {
        String key = BlobTable.keyOf(content);
        storage.autoCommitted(storage.writers(), sql -> {
            BlobTable.insert(sql, key, content);
            return null;
        });
        return key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        if (!BlobTable.isKey(key)) {
            return Optional.empty();
        }
        return storage.autoCommitted(storage.readers(), sql -> BlobTable.select(sql, key));
    }
}
