package org.pouw.node.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.event.Event;
import org.pouw.core.port.Storage;

/**
 * {@code GET /v1/pouw/events}: the event log as Server-Sent Events. Each event's SSE {@code id} is its sequence
 * number, so a client that reconnects with {@code Last-Event-ID} (or {@code ?after=N}) resumes exactly after the last
 * event it saw; the log is durable, so nothing is missed across node restarts either.
 */
public final class EventStream implements Endpoints {
    private static final int PAGE = 500;
    private static final long POLL_MS = 1000;
    private static final long HEARTBEAT_MS = 15_000;
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private final Storage storage;
    private final EventSignal signal;
    private volatile boolean closing;

    public EventStream(Storage storage, EventSignal signal) {
        this.storage = storage;
        this.signal = signal;
    }

    /** Ends open streams, so the server can stop. */
    public void close() {
        closing = true;
        signal.eventsAppended(Long.MAX_VALUE);
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/pouw/events", this::stream);
    }

    private void stream(ApiCall call) {
        long after = resumePoint(call);
        long limit = call.queryLong("limit", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        long sent = 0;
        long lastBeat = System.currentTimeMillis();
        try (ApiCall.Slot slot = call.eventStreamSlot(); SseSink sink = call.response().sink(SseSink.TYPE)) {
            while (!closing && sent < limit) {
                long from = after;
                List<Event> events = storage.read(tx -> tx.events().after(from, PAGE));
                for (Event event : events) {
                    sink.emit(SseEvent.builder().id(Long.toString(event.seq())).name(event.type())
                            .data(ApiJson.MAPPER.writeValueAsString(ApiJson.event(event))).build());
                    after = event.seq();
                    if (++sent >= limit) {
                        return;
                    }
                }
                if (events.size() < PAGE) {
                    if (System.currentTimeMillis() - lastBeat >= HEARTBEAT_MS) {
                        sink.emit(SseEvent.builder().comment("heartbeat").build());
                        lastBeat = System.currentTimeMillis();
                    }
                    signal.awaitAfter(after, POLL_MS);
                }
            }
        } catch (UncheckedIOException | ServerConnectionException clientLeft) {
            // The client closed the connection; nothing to clean up.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long resumePoint(ApiCall call) {
        String header = call.request().headers().first(LAST_EVENT_ID).orElse(null);
        if (header != null) {
            try {
                return Long.parseLong(header.strip());
            } catch (NumberFormatException e) {
                throw PouwException.invalid("Last-Event-ID", "must be an event sequence number");
            }
        }
        return call.queryLong("after", 0, 0, Long.MAX_VALUE);
    }
}
