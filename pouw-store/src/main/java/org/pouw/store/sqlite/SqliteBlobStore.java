package org.pouw.store.sqlite;

import java.util.Optional;
import org.pouw.core.port.BlobStore;
import org.pouw.store.jdbc.BlobTable;

/** Blobs in the SQLite file, beside the jobs that refer to them. */
final class SqliteBlobStore implements BlobStore {
    private final SqliteStorage storage;

    SqliteBlobStore(SqliteStorage storage) {
        this.storage = storage;
    }

    @Override
    public String put(byte[] content) {
        String key = BlobTable.keyOf(content); // hashed before taking the write lock: hashing a trace is slow
        storage.onWriter(writer -> {
            BlobTable.insert(writer.sql(), key, content);
            return null;
        });
        return key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        if (!BlobTable.isKey(key)) {
            return Optional.empty();
        }
        return storage.onReader(reader -> BlobTable.select(reader.sql(), key));
    }
}
