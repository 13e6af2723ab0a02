package org.pouw.store.jdbc;

import java.util.List;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.EventLog;

/**
 * The append-only event log. Numbers come from the {@code event} counter, whose row lock is held until commit, so
 * seq is dense and in commit order even with several nodes on one PostgreSQL: an SSE client resuming from
 * {@code Last-Event-ID} can never skip an event that commits late.
 */
public final class JdbcEventLog implements EventLog {
    private static final String COUNTER = "event";
    private static final String INSERT =
            "INSERT INTO events (seq, type, job_id, intent_id, data, at_ms) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String AFTER =
            "SELECT seq, type, job_id, intent_id, data, at_ms FROM events WHERE seq > ? ORDER BY seq LIMIT ?";
    private static final String LAST = "SELECT max(seq) FROM events";

    private final SqlSession sql;
    private final CounterTable counters;

    public JdbcEventLog(SqlSession sql) {
        this.sql = sql;
        this.counters = new CounterTable(sql);
    }

    @Override
    public Event append(EventDraft draft, long atMs) {
        long seq = counters.next(COUNTER, 1);
        sql.update(INSERT, seq, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
        return new Event(seq, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
    }

    @Override
    public List<Event> after(long seq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return sql.list(AFTER, row -> new Event(row.getLong(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getLong(6)), seq, limit);
    }

    @Override
    public long lastSeq() {
        return sql.longValue(LAST, 0);
    }
}
