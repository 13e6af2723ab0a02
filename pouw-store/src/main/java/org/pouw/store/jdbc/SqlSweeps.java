package org.pouw.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.pouw.core.port.SweepStore;

/** The {@code ml_sweeps} table; the same SQL on SQLite and PostgreSQL. */
public final class SqlSweeps implements SweepStore {
    private static final String ADD = """
            INSERT INTO ml_sweeps (sweep_id, requester, jobs_total, final_wanted, created_at_ms)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT (sweep_id) DO NOTHING""";
    private static final String COLUMNS = "sweep_id, requester, jobs_total, jobs_announced, open, final_wanted,"
            + " final_intent_id, final_note, created_at_ms";
    private static final String NEWEST = "SELECT " + COLUMNS + " FROM ml_sweeps WHERE requester = ?"
            + " ORDER BY created_at_ms DESC, sweep_id DESC LIMIT ?";
    private static final String NEWEST_AFTER = "SELECT " + COLUMNS + " FROM ml_sweeps WHERE requester = ?"
            + " AND (created_at_ms < ? OR (created_at_ms = ? AND sweep_id < ?))"
            + " ORDER BY created_at_ms DESC, sweep_id DESC LIMIT ?";
    private static final String FIND = "SELECT " + COLUMNS + " FROM ml_sweeps WHERE sweep_id = ?";
    private static final String OPEN = "SELECT sweep_id FROM ml_sweeps WHERE open = 1 ORDER BY created_at_ms, sweep_id"
            + " LIMIT ?";
    private static final String ANNOUNCE = """
            UPDATE ml_sweeps SET jobs_announced = ? WHERE sweep_id = ? AND jobs_announced = ?""";
    private static final String CLOSE = """
            UPDATE ml_sweeps SET open = 0, finished_at_ms = ? WHERE sweep_id = ? AND open = 1 AND final_wanted = ?""";
    private static final String WANT_FINAL = """
            UPDATE ml_sweeps SET final_wanted = 1, open = 1 WHERE sweep_id = ? AND final_wanted = 0""";
    private static final String FINAL = "UPDATE ml_sweeps SET final_intent_id = ?, final_note = ? WHERE sweep_id = ?";

    private final SqlSession sql;

    public SqlSweeps(SqlSession sql) {
        this.sql = sql;
    }

    @Override
    public void add(String sweepId, String requester, int jobsTotal, boolean finalWanted, long nowMs) {
        sql.update(ADD, sweepId, requester, jobsTotal, finalWanted ? 1 : 0, nowMs);
    }

    @Override
    public Optional<Sweep> find(String sweepId) {
        return sql.first(FIND, SqlSweeps::sweep, sweepId);
    }

    @Override
    public List<Sweep> requestedBy(String requester, Place after, int limit) {
        return after == null ? sql.list(NEWEST, SqlSweeps::sweep, requester, limit)
                : sql.list(NEWEST_AFTER, SqlSweeps::sweep, requester, after.createdAtMs(), after.createdAtMs(),
                        after.sweepId(), limit);
    }

    private static Sweep sweep(ResultSet row) throws SQLException {
        return new Sweep(row.getString(1), row.getString(2), row.getInt(3), row.getInt(4), row.getInt(5) == 1,
                row.getInt(6) == 1, row.getString(7), row.getString(8), row.getLong(9));
    }

    @Override
    public List<String> open(int limit) {
        return sql.list(OPEN, row -> row.getString(1), limit);
    }

    @Override
    public boolean announce(String sweepId, int seen, int done) {
        return sql.update(ANNOUNCE, done, sweepId, seen) == 1;
    }

    @Override
    public boolean close(String sweepId, long nowMs, boolean finalWanted) {
        return sql.update(CLOSE, nowMs, sweepId, finalWanted ? 1 : 0) == 1;
    }

    @Override
    public boolean wantFinal(String sweepId) {
        return sql.update(WANT_FINAL, sweepId) == 1;
    }

    @Override
    public void recordFinal(String sweepId, String intentId, String note) {
        sql.update(FINAL, intentId, note, sweepId);
    }
}
