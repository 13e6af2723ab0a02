package org.pouw.store.jdbc;

import java.util.Optional;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * The {@code blobs} table: content-addressed bytes shared by every node on the database. The key is the hex BLAKE3
 * of the content, so a second put of the same bytes is a no-op and a reader can check what it got.
 */
public final class BlobTable {
    private static final String INSERT = """
            INSERT INTO blobs (blob_key, content, size_bytes) VALUES (?, ?, ?)
            ON CONFLICT (blob_key) DO NOTHING""";
    private static final String SELECT = "SELECT content FROM blobs WHERE blob_key = ?";

    private BlobTable() {
    }

    public static String keyOf(byte[] content) {
        return Hex.encode(Blake3.hash(content));
    }

    /** True when {@code key} could name a blob (64 hex digits); anything else cannot be stored, so is not looked up. */
    public static boolean isKey(String key) {
        return key != null && Hex.isHex(key, Blake3.LENGTH);
    }

    public static void insert(SqlSession sql, String key, byte[] content) {
        sql.update(INSERT, key, content, (long) content.length);
    }

    public static Optional<byte[]> select(SqlSession sql, String key) {
        return sql.first(SELECT, row -> {
            byte[] bytes = row.getBytes(1);
            return bytes == null ? new byte[0] : bytes;
        }, key);
    }
}
