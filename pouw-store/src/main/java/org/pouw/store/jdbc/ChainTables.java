package org.pouw.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.pouw.chain.port.StoredBlock;
import org.pouw.ml.wire.Bytes32;

/** The {@code chain_blocks} and {@code chain_tip} tables; the same SQL on SQLite and PostgreSQL. */
public final class ChainTables {
    private static final String INSERT_BLOCK = """
            INSERT INTO chain_blocks (block_hash, parent_hash, height, body) VALUES (?, ?, ?, ?)
            ON CONFLICT (block_hash) DO NOTHING""";
    private static final String SET_TIP = """
            INSERT INTO chain_tip (id, block_hash) VALUES (1, ?)
            ON CONFLICT (id) DO UPDATE SET block_hash = excluded.block_hash""";
    private static final String SELECT_BLOCK =
            "SELECT block_hash, parent_hash, height, body FROM chain_blocks WHERE block_hash = ?";
    private static final String SELECT_ALL =
            "SELECT block_hash, parent_hash, height, body FROM chain_blocks ORDER BY height, block_hash";
    private static final String REPLACE_BODY = "UPDATE chain_blocks SET body = ? WHERE block_hash = ?";
    private static final String COUNT_BLOCKS = "SELECT COUNT(*) FROM chain_blocks";
    private static final String SELECT_TIP = "SELECT block_hash FROM chain_tip WHERE id = 1";

    private ChainTables() {
    }

    public static void importBlock(SqlSession sql, StoredBlock block, Optional<Bytes32> newTip) {
        sql.update(INSERT_BLOCK, block.hash().toArray(), block.parent().toArray(), block.height(), block.encoded());
        newTip.ifPresent(tip -> setTip(sql, tip));
    }

    public static void setTip(SqlSession sql, Bytes32 tip) {
        sql.update(SET_TIP, (Object) tip.toArray());
    }

    public static Optional<StoredBlock> block(SqlSession sql, Bytes32 hash) {
        return sql.first(SELECT_BLOCK, ChainTables::storedBlock, (Object) hash.toArray());
    }

    public static List<StoredBlock> blocksInHeightOrder(SqlSession sql) {
        return sql.list(SELECT_ALL, ChainTables::storedBlock);
    }

    /** A pruned copy of a stored block (docs/chain.md §5.5): same hash, parent and height, fewer bytes. */
    public static void replaceEncoding(SqlSession sql, Bytes32 hash, byte[] encoded) {
        sql.update(REPLACE_BODY, encoded, hash.toArray());
    }

    public static long blockCount(SqlSession sql) {
        return sql.longValue(COUNT_BLOCKS, 0);
    }

    public static Optional<Bytes32> tip(SqlSession sql) {
        return sql.first(SELECT_TIP, row -> Bytes32.of(row.getBytes(1)));
    }

    private static StoredBlock storedBlock(ResultSet row) throws SQLException {
        return new StoredBlock(Bytes32.of(row.getBytes(1)), Bytes32.of(row.getBytes(2)), row.getLong(3),
                row.getBytes(4));
    }
}
