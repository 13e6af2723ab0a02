package org.pouw.store.postgres;

import java.util.Optional;
import org.pouw.core.port.BlobStore;
import org.pouw.store.jdbc.BlobTable;

/** Blobs in PostgreSQL, so every node behind one database serves every trace and proof. */
final class PostgresBlobStore implements BlobStore {
    // Traces and programs of cheap jobs are a few KiB; proofs of large jobs are not worth keeping in memory.
    private static final int CACHED_BLOB_MAX_BYTES = 256 * 1024;
    private static final long CACHE_MAX_BYTES = 16L * 1024 * 1024;

    private final PostgresStorage storage;
    private final BlobCache recent = new BlobCache(CACHED_BLOB_MAX_BYTES, CACHE_MAX_BYTES);

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
        Optional<byte[]> cached = recent.get(key);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<byte[]> stored = storage.autoCommitted(storage.readers(), sql -> BlobTable.select(sql, key));
        stored.ifPresent(content -> recent.offer(key, content));
        return stored;
    }
}
