package org.pouw.store.jdbc;

import java.util.List;
import org.pouw.core.event.Event;
import org.pouw.core.port.EventLog;

/**
 * The append-only event log: reading it is the same everywhere; how an append draws a number that is dense and
 * follows commit order (so an SSE client resuming from {@code Last-Event-ID} never skips a late commit) is each
 * database's {@link #append}.
 */
public abstract class JdbcEventLog implements EventLog {
    private static final String AFTER =
            "SELECT seq, type, job_id, intent_id, data, at_ms FROM events WHERE seq > ? ORDER BY seq LIMIT ?";
    private static final String LAST = "SELECT max(seq) FROM events";

    protected final SqlSession sql;

    protected JdbcEventLog(SqlSession sql) {
        this.sql = sql;
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
