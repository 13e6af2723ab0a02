package org.pouw.client;

import java.net.URI;

/** The node's event log as Server-Sent Events. */
public final class EventsApi {
    private final URI node;

    EventsApi(URI node) {
        this.node = node;
    }

    /**
     * A follower that hands on every event after sequence number {@code afterSeq} (0: from the start; a status's
     * {@code last_event_seq}: only what comes next). Call {@link EventFollower#follow} on a thread of its own.
     */
    public EventFollower follower(long afterSeq) {
        return new EventFollower(node, afterSeq);
    }
}
