package org.pouw.store.jdbc;

import java.util.List;
import java.util.Optional;
import org.pouw.core.job.ProverStats;
import org.pouw.core.job.ProverTally;

/** The {@code provers} table: registered provers and running totals of what they did (§5 prover JSON). */
public final class ProverTable {
    private static final String COLUMNS = """
            prover_id, jobs_completed, jobs_failed, total_fee_earned, total_completion_ms, last_seen_ms,
            registered_at_ms""";
    // last_seen_ms only moves forward: two nodes' clocks may disagree by a little.
    private static final String TOUCH = """
            INSERT INTO provers (prover_id, registered_at_ms, last_seen_ms) VALUES (?, ?, ?)
            ON CONFLICT (prover_id) DO UPDATE SET last_seen_ms =
                CASE WHEN excluded.last_seen_ms > provers.last_seen_ms THEN excluded.last_seen_ms
                     ELSE provers.last_seen_ms END""";
    private static final String REGISTER = """
            INSERT INTO provers (prover_id, registered_at_ms, last_seen_ms) VALUES (?, ?, ?)
            ON CONFLICT (prover_id) DO NOTHING""";
    private static final String RECORD = """
            INSERT INTO provers (prover_id, registered_at_ms, last_seen_ms, jobs_completed, jobs_failed,
                                 total_fee_earned, total_completion_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (prover_id) DO UPDATE SET
                jobs_completed = provers.jobs_completed + excluded.jobs_completed,
                jobs_failed = provers.jobs_failed + excluded.jobs_failed,
                total_fee_earned = provers.total_fee_earned + excluded.total_fee_earned,
                total_completion_ms = provers.total_completion_ms + excluded.total_completion_ms,
                last_seen_ms = CASE WHEN excluded.last_seen_ms > provers.last_seen_ms THEN excluded.last_seen_ms
                                    ELSE provers.last_seen_ms END""";
    private static final String ONE = "SELECT " + COLUMNS + " FROM provers WHERE prover_id = ?";
    private static final String ALL = "SELECT " + COLUMNS + " FROM provers ORDER BY registered_at_ms, prover_id";

    private final SqlSession sql;

    public ProverTable(SqlSession sql) {
        this.sql = sql;
    }

    /** Registers the prover or moves its last-seen time forward, waiting for its row lock if another holds it. */
    public void touch(String proverId, long nowMs) {
        sql.update(TOUCH, proverId, nowMs, nowMs);
    }

    /** Registers the prover if it is new; never waits for an existing prover's row. */
    public void register(String proverId, long nowMs) {
        sql.update(REGISTER, proverId, nowMs, nowMs);
    }

    public void record(ProverTally tally, long nowMs) {
        sql.update(RECORD, tally.proverId(), nowMs, nowMs, tally.completed(), tally.failed(), tally.feesEarned(),
                tally.completionMs());
    }

    public Optional<ProverStats> find(String proverId) {
        return sql.first(ONE, ProverTable::read, proverId);
    }

    public List<ProverStats> all() {
        return sql.list(ALL, ProverTable::read);
    }

    private static ProverStats read(java.sql.ResultSet row) throws java.sql.SQLException {
        long completed = row.getLong(2);
        long totalMs = row.getLong(5);
        return new ProverStats(row.getString(1), completed, row.getLong(3), row.getLong(4),
                completed == 0 ? 0 : totalMs / completed, row.getLong(6), row.getLong(7));
    }
}
