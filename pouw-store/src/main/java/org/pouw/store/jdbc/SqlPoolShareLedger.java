package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.AcceptedWork;
import org.pouw.core.pool.PoolShareLedger;

/**
 * The mining pool's accounting in SQL (table {@code pool_shares}, migration V15; the same statements on SQLite and
 * PostgreSQL): the header hash is the primary key, so of two pool processes recording one share at once exactly one
 * insert lands, and {@link #record} returns only after its transaction committed; {@link #recordAll} writes a group
 * in one transaction.
 */
public final class SqlPoolShareLedger implements PoolShareLedger {
    private static final String INSERT = """
            INSERT INTO pool_shares (share_hash, pool, miner, challenge_id, credited, accepted_at_ms, keep_until_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (share_hash) DO NOTHING""";
    private static final String ON_CHALLENGE = """
            SELECT COUNT(*), COALESCE(SUM(credited), 0) FROM pool_shares WHERE miner = ? AND challenge_id = ?""";
    private static final String SINCE = """
            SELECT COUNT(*), COALESCE(SUM(credited), 0) FROM pool_shares WHERE miner = ? AND accepted_at_ms >= ?""";
    private static final String PRUNE = "DELETE FROM pool_shares WHERE keep_until_ms <= ?";

    private final SqlTransactions database;

    public SqlPoolShareLedger(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public boolean record(AcceptedShare share) {
        return database.writeSql(sql -> sql.update(INSERT, share.hashHex(), share.pool(), share.miner(),
                share.challengeId(), share.credited(), share.acceptedAtMs(), share.keepUntilMs())) == 1;
    }

    /** One transaction, so one commit (one fsync) for the whole group. */
    @Override
    public List<Boolean> recordAll(List<AcceptedShare> shares) {
        return database.writeSql(sql -> {
            List<Boolean> firsts = new ArrayList<>(shares.size());
            for (AcceptedShare share : shares) {
                firsts.add(sql.update(INSERT, share.hashHex(), share.pool(), share.miner(), share.challengeId(),
                        share.credited(), share.acceptedAtMs(), share.keepUntilMs()) == 1);
            }
            return firsts;
        });
    }

    @Override
    public AcceptedWork onChallenge(String miner, String challengeId) {
        return database.readSql(sql -> sql.first(ON_CHALLENGE, row -> new AcceptedWork(row.getLong(1),
                row.getLong(2)), miner, challengeId)).orElse(AcceptedWork.NONE);
    }

    @Override
    public AcceptedWork since(String miner, long sinceMs) {
        return database.readSql(sql -> sql.first(SINCE, row -> new AcceptedWork(row.getLong(1), row.getLong(2)),
                miner, sinceMs)).orElse(AcceptedWork.NONE);
    }

    @Override
    public int prune(long nowMs) {
        return database.writeSql(sql -> sql.update(PRUNE, nowMs));
    }
}
