package org.pouw.store.jdbc;

import java.util.Optional;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.port.WatchedHeaders;
import org.pouw.ml.wire.Bytes32;

/**
 * The equivocation watch's memory in the node's database (table {@code chain_watched_headers}; the same SQL on SQLite
 * and PostgreSQL): the first header each key signed on each parent, kept across restarts. A header and the trimming
 * of the oldest rows past {@code capacity} are written in one transaction.
 */
public final class SqlWatchedHeaders implements WatchedHeaders {
    // "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT (its documented parsing ambiguity)
    private static final String INSERT = """
            INSERT INTO chain_watched_headers (parent_hash, signer, header, seen)
            SELECT ?, ?, ?, COALESCE(MAX(seen), 0) + 1 FROM chain_watched_headers WHERE true
            ON CONFLICT (parent_hash, signer) DO NOTHING""";
    private static final String TRIM = """
            DELETE FROM chain_watched_headers
            WHERE seen <= (SELECT MAX(seen) FROM chain_watched_headers) - ?""";
    private static final String SELECT =
            "SELECT header FROM chain_watched_headers WHERE parent_hash = ? AND signer = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM chain_watched_headers";

    private final SqlTransactions database;
    private final int capacity;

    public SqlWatchedHeaders(SqlTransactions database, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.database = database;
        this.capacity = capacity;
    }

    @Override
    public Optional<BlockHeader> first(Bytes32 parent, Bytes32 signer) {
        return database.readSql(sql -> sql.first(SELECT, row -> row.getBytes(1), parent.toArray(), signer.toArray()))
                .map(BlockHeader::decode);
    }

    @Override
    public void remember(BlockHeader header) {
        database.writeSql(sql -> {
            if (sql.update(INSERT, header.parent().toArray(), header.miner().toArray(), header.encode()) > 0) {
                sql.update(TRIM, (long) capacity);
            }
            return null;
        });
    }

    @Override
    public int size() {
        return Math.toIntExact(database.readSql(sql -> sql.longValue(COUNT, 0)));
    }
}
