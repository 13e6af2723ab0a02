package org.pouw.store.sqlite;

import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;
import org.pouw.store.jdbc.JdbcEventLog;
import org.pouw.store.jdbc.SqlSession;

/**
 * The event log on SQLite: {@code seq} is the table's rowid, which SQLite sets to one past the largest when the
 * insert leaves it out. With a single writer and no deletes that is dense and in commit order, in one statement.
 */
final class SqliteEventLog extends JdbcEventLog {
    private static final String INSERT = """
            INSERT INTO events (type, job_id, intent_id, data, at_ms) VALUES (?, ?, ?, ?, ?)
            RETURNING seq""";

    SqliteEventLog(SqlSession sql) {
        super(sql);
    }

    @Override
    public Event append(EventDraft draft, long atMs) {
        long seq = sql.longValue(INSERT, 0, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
        return new Event(seq, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
    }
}
