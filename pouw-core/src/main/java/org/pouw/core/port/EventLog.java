package org.pouw.core.port;

import java.util.List;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;

/**
 * The append-only event log inside one {@link StoreTx}. Seq numbers are dense, a transaction's events get consecutive
 * ones, and a number is final when it becomes readable: no event ever appears below a number a reader has seen, so a
 * reader that follows the log by number never skips one. SQLite numbers at append, in commit order; PostgreSQL
 * numbers once the transaction and every older one have ended, in transaction order, and its appends return seq 0.
 */
public interface EventLog {
    Event append(EventDraft draft, long atMs);

    /**
     * Appends several events with consecutive numbers, in order. Adapters where a round trip is costly write them in
     * one statement; the numbering lock is then held for one statement instead of one per event.
     */
    default List<Event> appendAll(List<EventDraft> drafts, long atMs) {
        List<Event> events = new java.util.ArrayList<>(drafts.size());
        for (EventDraft draft : drafts) {
            events.add(append(draft, atMs));
        }
        return events;
    }

    List<Event> after(long seq, int limit);

    long lastSeq();
}
