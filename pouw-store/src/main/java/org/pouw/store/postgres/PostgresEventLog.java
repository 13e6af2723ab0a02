package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;
import org.pouw.store.jdbc.JdbcEventLog;
import org.pouw.store.jdbc.SqlSession;

/**
 * The event log on PostgreSQL. An append takes no shared lock: the events go to {@code events_unpublished} tagged
 * with the transaction's id, and {@link PostgresEventPublisher} numbers them once the transaction has ended (the
 * V19 migration says why that order is safe). The number is therefore not known here: the events this returns
 * carry seq 0, and readers ({@link #after}, {@link #lastSeq}) see an event only once it is numbered. Storage
 * publishes right after the commit of every transaction that appended, before its {@code write} returns.
 */
final class PostgresEventLog extends JdbcEventLog {
    private static final String APPEND = """
            INSERT INTO events_unpublished (type, job_id, intent_id, data, at_ms) VALUES (?, ?, ?, ?, ?)
            RETURNING tx::text::bigint""";
    // ORDER BY keeps the identity values (the events' order within the transaction) in the arrays' order.
    private static final String APPEND_ALL = """
            INSERT INTO events_unpublished (type, job_id, intent_id, data, at_ms)
            SELECT d.type, d.job_id, d.intent_id, d.data, ?
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS d(type, job_id, intent_id, data, place)
            ORDER BY d.place
            RETURNING tx::text::bigint""";

    private final LongConsumer appended;

    /**
     * {@code appended} gets the transaction's id after each append, so the storage publishes after the commit and
     * knows which transaction's events it waits for.
     */
    PostgresEventLog(SqlSession sql, LongConsumer appended) {
        super(sql);
        this.appended = appended;
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
        appended.accept(sql.longValue(APPEND_ALL, 0, atMs, sql.textArray(types), sql.textArray(jobIds),
                sql.textArray(intentIds), sql.textArray(data)));
        List<Event> events = new ArrayList<>(drafts.size());
        for (EventDraft draft : drafts) {
            events.add(unnumbered(draft, atMs));
        }
        return events;
    }

    @Override
    public Event append(EventDraft draft, long atMs) {
        appended.accept(sql.longValue(APPEND, 0, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs));
        return unnumbered(draft, atMs);
    }

    private static Event unnumbered(EventDraft draft, long atMs) {
        return new Event(0, draft.type(), draft.jobId(), draft.intentId(), draft.data(), atMs);
    }
}
