package org.pouw.store.jdbc;

import java.util.List;
import java.util.Optional;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.ml.wire.Bytes32;

/** The chain's blocks and tip in the node's database, beside the market (SQLite or PostgreSQL, the same SQL). */
public final class JdbcChainStore implements ChainStore {
    private final SqlTransactions database;

    public JdbcChainStore(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public void importBlock(StoredBlock block, Optional<Bytes32> newTip) {
        database.writeSql(sql -> {
            ChainTables.importBlock(sql, block, newTip);
            return null;
        });
    }

    @Override
    public Optional<StoredBlock> block(Bytes32 hash) {
        return database.readSql(sql -> ChainTables.block(sql, hash));
    }

    @Override
    public List<StoredBlock> blocksInHeightOrder() {
        return database.readSql(ChainTables::blocksInHeightOrder);
    }

    @Override
    public long blockCount() {
        return database.readSql(ChainTables::blockCount);
    }

    @Override
    public void replaceEncoding(Bytes32 hash, byte[] encoded) {
        database.writeSql(sql -> {
            ChainTables.replaceEncoding(sql, hash, encoded);
            return null;
        });
    }

    @Override
    public void setTip(Bytes32 hash) {
        database.writeSql(sql -> {
            ChainTables.setTip(sql, hash);
            return null;
        });
    }

    @Override
    public Optional<Bytes32> tip() {
        return database.readSql(ChainTables::tip);
    }
}
