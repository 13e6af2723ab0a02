package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.port.BlobStore;
import org.pouw.store.jdbc.BlobTable;
import org.pouw.store.jdbc.SqlSession;
import org.pouw.store.jdbc.TxBlobStore;

/** Blobs on a transaction's connection, as {@link TxBlobStore}, with a batch of puts in one statement. */
final class PostgresTxBlobStore implements BlobStore {
    // Keys sorted: two transactions inserting the same new keys wait for each other's uncommitted rows, and taking
    // them in one order keeps that a wait rather than a deadlock.
    private static final String INSERT_ALL = """
            INSERT INTO blobs (blob_key, content, size_bytes)
            SELECT * FROM unnest(?::text[], ?::bytea[], ?::bigint[]) ORDER BY 1
            ON CONFLICT (blob_key) DO NOTHING""";

    private final SqlSession sql;
    private final TxBlobStore single;

    PostgresTxBlobStore(SqlSession sql) {
        this.sql = sql;
        this.single = new TxBlobStore(sql);
    }

    @Override
    public String put(byte[] content) {
        return single.put(content);
    }

    @Override
    public List<String> putAll(List<byte[]> contents) {
        if (contents.size() < 2) {
            return contents.isEmpty() ? List.of() : List.of(put(contents.get(0)));
        }
        List<String> keys = new ArrayList<>(contents.size());
        Map<String, byte[]> distinct = new LinkedHashMap<>();
        for (byte[] content : contents) {
            String key = BlobTable.keyOf(content);
            keys.add(key);
            distinct.putIfAbsent(key, content);
        }
        List<Long> sizes = new ArrayList<>(distinct.size());
        distinct.values().forEach(content -> sizes.add((long) content.length));
        sql.update(INSERT_ALL, sql.textArray(List.copyOf(distinct.keySet())),
                sql.byteaArray(List.copyOf(distinct.values())), sql.longArray(sizes));
        return keys;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return single.get(key);
    }
}
