package org.pouw.core.port;

import java.util.List;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;

/** The append-only event log inside one {@link StoreTx}; seq numbers are dense and follow commit order. */
public interface EventLog {
    Event append(EventDraft draft, long atMs);

    List<Event> after(long seq, int limit);

    long lastSeq();
}
