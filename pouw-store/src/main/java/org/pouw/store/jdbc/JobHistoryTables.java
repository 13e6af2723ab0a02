package org.pouw.store.jdbc;

import java.util.List;
import java.util.Optional;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.Job;

/**
 * {@code jobs_history} and {@code attempts_history} (issue 26, item 3; migration V19): finished jobs and their
 * attempts, moved out of the hot tables by the reaper so the claim, the settlement and their indexes and vacuums
 * keep to the jobs that can still change. The same SQL on SQLite and PostgreSQL.
 */
final class JobHistoryTables {
    /** Final statuses: nothing changes such a job again (a dead letter can be requeued, so it is not one). */
    private static final String FINAL = "('completed', 'failed', 'expired')";
    // The oldest jobs first, by created_seq's unique index, which the hot table keeps anyway. A job moves with its
    // intent finished and none of the intent's jobs open, so "is the intent proven?" never needs a moved job.
    private static final String MOVABLE = "SELECT j.job_id FROM jobs AS j"
            + " WHERE j.created_at_ms < ? AND j.status IN " + FINAL
            + " AND EXISTS (SELECT 1 FROM intents AS i WHERE i.intent_id = j.intent_id"
            + " AND i.status IN ('proven', 'expired', 'cancelled'))"
            + " AND NOT EXISTS (SELECT 1 FROM jobs AS o WHERE o.intent_id = j.intent_id"
            + " AND o.status NOT IN " + FINAL + ")"
            + " ORDER BY j.created_seq LIMIT ?";
    private static final String FIND = "SELECT " + JobRows.COLUMNS + " FROM jobs_history WHERE job_id = ?";
    private static final String ATTEMPTS = "SELECT " + AttemptTable.COLUMNS
            + " FROM attempts_history WHERE job_id = ? ORDER BY attempt_id";
    private static final String EXPIRED = "SELECT job_id FROM jobs_history WHERE created_at_ms < ?"
            + " ORDER BY created_at_ms LIMIT ?";

    private final SqlSession sql;

    JobHistoryTables(SqlSession sql) {
        this.sql = sql;
    }

    /** Moves up to {@code limit} finished jobs created before {@code createdBeforeMs}, with their attempts. */
    int archive(long createdBeforeMs, long nowMs, int limit) {
        List<String> ids = sql.list(MOVABLE, row -> row.getString(1), createdBeforeMs, limit);
        if (ids.isEmpty()) {
            return 0;
        }
        String in = " IN (" + placeholders(ids.size()) + ")";
        Object[] idParams = ids.toArray();
        Object[] withTime = new Object[ids.size() + 1];
        withTime[0] = nowMs;
        System.arraycopy(idParams, 0, withTime, 1, ids.size());
        sql.update("INSERT INTO jobs_history (" + JobRows.COLUMNS + ", archived_at_ms) SELECT " + JobRows.COLUMNS
                + ", ? FROM jobs WHERE job_id" + in, withTime);
        sql.update("INSERT INTO attempts_history (attempt_id, " + AttemptTable.COLUMNS + ") SELECT attempt_id, "
                + AttemptTable.COLUMNS + " FROM attempts WHERE job_id" + in, idParams);
        sql.update("DELETE FROM attempts WHERE job_id" + in, idParams);
        // A finished job's batch row (V17) has done its work: the batch settled or dissolved before the job ended.
        sql.update("DELETE FROM job_batches WHERE job_id" + in, idParams);
        return sql.update("DELETE FROM jobs WHERE job_id" + in, idParams);
    }

    /** Deletes up to {@code limit} moved jobs created before {@code createdBeforeMs}, with their attempts. */
    int forget(long createdBeforeMs, int limit) {
        List<String> ids = sql.list(EXPIRED, row -> row.getString(1), createdBeforeMs, limit);
        if (ids.isEmpty()) {
            return 0;
        }
        String in = " IN (" + placeholders(ids.size()) + ")";
        sql.update("DELETE FROM attempts_history WHERE job_id" + in, ids.toArray());
        return sql.update("DELETE FROM jobs_history WHERE job_id" + in, ids.toArray());
    }

    Optional<Job> find(JobId jobId) {
        return sql.first(FIND, JobRows::read, jobId);
    }

    List<Attempt> attempts(JobId jobId) {
        return sql.list(ATTEMPTS, AttemptTable::read, jobId);
    }

    private static String placeholders(int count) {
        return "?" + ", ?".repeat(count - 1);
    }
}
