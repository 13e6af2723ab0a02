package org.pouw.store.jdbc;

import java.util.List;
import java.util.Optional;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;

/**
 * The {@code attempts} table: one row per lease of a job, its history (§5). Rows are numbered by a surrogate
 * {@code attempt_id} because an attempt number can repeat: a dead-lettered job requeued by an operator starts
 * counting its attempts again from one. Each row also carries its job's {@code created_seq} as {@code job_seq} (V36),
 * the order in which a prover's jobs are listed ({@link JobListStatement}).
 */
public final class AttemptTable {
    /** The columns {@link #read} maps, in its order. */
    public static final String COLUMNS =
            "job_id, attempt_no, prover_id, started_at_ms, ended_at_ms, outcome, reason, level, audit_level";

    private static final String INSERT = """
            INSERT INTO attempts (job_id, attempt_no, prover_id, started_at_ms, ended_at_ms, outcome, reason, level,
                                  audit_level, job_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT created_seq FROM jobs WHERE job_id = ?))""";
    // The newest row with that number is the one still open; older ones belong to rounds before a requeue.
    private static final String END = """
            UPDATE attempts SET ended_at_ms = ?, outcome = ?, reason = ?
            WHERE attempt_id = (SELECT max(attempt_id) FROM attempts WHERE job_id = ? AND attempt_no = ?)
            RETURNING\s""" + COLUMNS;
    private static final String SELECT = "SELECT " + COLUMNS + " FROM attempts WHERE job_id = ? ORDER BY attempt_id";
    private static final String AUDIT_LEVEL = """
            UPDATE attempts SET audit_level = ?
            WHERE attempt_id = (SELECT max(attempt_id) FROM attempts WHERE job_id = ? AND attempt_no = ?)""";

    private final SqlSession sql;

    AttemptTable(SqlSession sql) {
        this.sql = sql;
    }

    void insert(Attempt attempt) {
        sql.update(INSERT, attempt.jobId(), attempt.attemptNo(), attempt.proverId(), attempt.startedAtMs(),
                attempt.endedAtMs(), attempt.outcome().wire(), attempt.reason(), attempt.level(),
                attempt.auditLevel(), attempt.jobId());
    }

    /** Records on the open attempt with that number the level its challenge's audit sample followed. */
    void recordAuditLevel(JobId jobId, int attemptNo, String level) {
        sql.update(AUDIT_LEVEL, level, jobId, attemptNo);
    }

    /** Closes the open attempt with that number in one statement and returns it as it now stands. */
    Optional<Attempt> end(JobId jobId, int attemptNo, long endedAtMs, AttemptOutcome outcome,
                                    String reason) {
        return sql.first(END, AttemptTable::read, endedAtMs, outcome.wire(), reason, jobId, attemptNo);
    }

    List<Attempt> forJob(JobId jobId) {
        return sql.list(SELECT, AttemptTable::read, jobId);
    }

    public static Attempt read(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Attempt(JobId.of(row.getString(1)), row.getInt(2), row.getString(3), row.getLong(4), row.getLong(5),
                AttemptOutcome.fromWire(row.getString(6)), row.getString(7), row.getString(8), row.getString(9));
    }
}
