package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    // The same lock, taken once for a whole batch: the counter moves by the batch size and each event takes its
    // place by its position in the arrays.
    private static final String APPEND_ALL = """
            WITH next AS (
                INSERT INTO counters (name, value) VALUES ('event', ?)
                ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value
                RETURNING value)
            INSERT INTO events (seq, type, job_id, intent_id, data, at_ms)
            SELECT next.value - ? + d.position, d.type, d.job_id, d.intent_id, d.data, ?
            FROM next, unnest(?::text[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS d(type, job_id, intent_id, data, position)
            RETURNING seq""";

    PostgresEventLog(SqlSession sql) {
        super(sql);
    }

    @Override
    public List<Event> appendAll(List<EventDraft> drafts, long atMs) {
        if (drafts.size() < 2) {
            return drafts.isEmpty() ? List.of() : List.of(append(drafts.get(0), atMs));
        }
        List<String> types = new ArrayList<>(drafts.size());
        List<String> jobIds = new ArrayList<>(drafts.size());
        List<String> intentIds = new ArrayList<>(drafts.size());
        List<String> data = new ArrayList<>(drafts.size());
        for (EventDraft draft : drafts) {
            types.add(draft.type());
            jobIds.add(draft.jobId());
            intentIds.add(draft.intentId());
            data.add(draft.data());
        }
        long count = drafts.size();
        List<Long> seqs = new ArrayList<>(sql.list(APPEND_ALL, row -> row.getLong(1), count, count, atMs,
                sql.textArray(types), sql.textArray(jobIds), sql.textArray(intentIds), sql.textArray(data)));
        Collections.sort(seqs);
        List<Event> events = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            EventDraft draft = drafts.get(i);
            events.add(new Event(seqs.get(i), draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs));
        }
        return events;
    }

    @Override
    public Event append(EventDraft draft, long atMs) {
        long seq = sql.longValue(APPEND, 0, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
        return new Event(seq, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
    }
}
