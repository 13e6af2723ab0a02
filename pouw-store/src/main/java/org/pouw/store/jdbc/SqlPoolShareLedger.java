package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.AcceptedWork;
import org.pouw.core.pool.PoolShareLedger;

/**
 * The mining pool's accounting in SQL (the same statements on SQLite and PostgreSQL): table {@code pool_shares}
 * (migration V15) has the header hash as its primary key, so of two pool processes recording one share at once
 * exactly one insert lands; table {@code pool_work} (V27) sums the work per miner, challenge and second of acceptance,
 * written once per group and key rather than once per share. {@link #record} and {@link #recordAll} return only after
 * their transaction committed; {@link #recordAll} writes a group in one transaction.
 */
public final class SqlPoolShareLedger implements PoolShareLedger {
    private static final String INSERT = """
            INSERT INTO pool_shares (share_hash, pool, miner, challenge_id, credited, accepted_at_ms, keep_until_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (share_hash) DO NOTHING""";
    private static final String ADD_WORK = """
            INSERT INTO pool_work (miner, challenge_id, accepted_s, shares, credited, keep_until_ms)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (miner, challenge_id, accepted_s) DO UPDATE SET
            shares = pool_work.shares + excluded.shares, credited = pool_work.credited + excluded.credited,
            keep_until_ms = CASE WHEN excluded.keep_until_ms > pool_work.keep_until_ms THEN excluded.keep_until_ms
            ELSE pool_work.keep_until_ms END""";
    private static final String ON_CHALLENGE = """
            SELECT COALESCE(SUM(shares), 0), COALESCE(SUM(credited), 0) FROM pool_work
            WHERE miner = ? AND challenge_id = ?""";
    private static final String SINCE = """
            SELECT COALESCE(SUM(shares), 0), COALESCE(SUM(credited), 0) FROM pool_work
            WHERE miner = ? AND accepted_s >= ?""";
    private static final String PRUNE = "DELETE FROM pool_shares WHERE keep_until_ms <= ?";
    private static final String PRUNE_WORK = "DELETE FROM pool_work WHERE keep_until_ms <= ?";
    /** Sums keyed in one fixed order, so two pool processes on PostgreSQL lock the rows they share in that order. */
    private static final Comparator<WorkKey> KEY_ORDER = Comparator.comparing(WorkKey::miner)
            .thenComparing(WorkKey::challengeId).thenComparingLong(WorkKey::second);

    private record WorkKey(String miner, String challengeId, long second) {
    }

    private static final class WorkSum {
        long shares;
        long credited;
        long keepUntilMs;
    }

    private final SqlTransactions database;

    public SqlPoolShareLedger(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public boolean record(AcceptedShare share) {
        return recordAll(List.of(share)).getFirst();
    }

    /**
     * One transaction, so one commit (one fsync) for the whole group: each share's row (in header-hash order, the
     * first of a hash repeated in the group first, so two processes take the rows' locks in one order and cannot
     * deadlock), then the work of the shares that were new, one row per miner, challenge and second.
     */
    @Override
    public List<Boolean> recordAll(List<AcceptedShare> shares) {
        Integer[] order = new Integer[shares.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing((Integer i) -> shares.get(i).hashHex()).thenComparing(i -> i));
        return database.writeSql(sql -> {
            Boolean[] firsts = new Boolean[shares.size()];
            Map<WorkKey, WorkSum> work = new TreeMap<>(KEY_ORDER);
            for (int i : order) {
                AcceptedShare share = shares.get(i);
                firsts[i] = sql.update(INSERT, share.hashHex(), share.pool(), share.miner(), share.challengeId(),
                        share.credited(), share.acceptedAtMs(), share.keepUntilMs()) == 1;
                if (firsts[i]) {
                    WorkSum sum = work.computeIfAbsent(new WorkKey(share.miner(), share.challengeId(),
                            Math.floorDiv(share.acceptedAtMs(), 1000L)), key -> new WorkSum());
                    sum.shares++;
                    sum.credited = Math.addExact(sum.credited, share.credited());
                    sum.keepUntilMs = Math.max(sum.keepUntilMs, share.keepUntilMs());
                }
            }
            for (Map.Entry<WorkKey, WorkSum> entry : work.entrySet()) {
                WorkKey key = entry.getKey();
                WorkSum sum = entry.getValue();
                sql.update(ADD_WORK, key.miner(), key.challengeId(), key.second(), sum.shares, sum.credited,
                        sum.keepUntilMs);
            }
            return new ArrayList<>(Arrays.asList(firsts));
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
                miner, Math.floorDiv(sinceMs, 1000L))).orElse(AcceptedWork.NONE);
    }

    @Override
    public int prune(long nowMs) {
        return database.writeSql(sql -> {
            sql.update(PRUNE_WORK, nowMs);
            return sql.update(PRUNE, nowMs);
        });
    }
}
