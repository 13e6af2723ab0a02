package org.pouw.store.postgres;

import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;
import org.pouw.store.jdbc.JdbcEventLog;
import org.pouw.store.jdbc.SqlSession;

/**
 * The event log on PostgreSQL. The number comes from the {@code event} counter row, whose lock this transaction
 * then holds until it ends: whoever draws the next number commits before anyone can draw the one after it, so
 * numbers are dense and follow commit order across every node (a sequence would leave gaps and could commit out
 * of order). Drawing and inserting are one statement, because every round trip made while holding that lock
 * delays every other writer.
 */
final class PostgresEventLog extends JdbcEventLog {
    private static final String APPEND = """
            WITH next AS (
                INSERT INTO counters (name, value) VALUES ('event', 1)
                ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
                RETURNING value)
            INSERT INTO events (seq, type, job_id, intent_id, data, at_ms)
            SELECT next.value, ?, ?, ?, ?, ? FROM next
            RETURNING seq""";

    PostgresEventLog(SqlSession sql) {
        super(sql);
    }

    @Override
    public Event append(EventDraft draft, long atMs) {
        long seq = sql.longValue(APPEND, 0, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
        return new Event(seq, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
    }
}
