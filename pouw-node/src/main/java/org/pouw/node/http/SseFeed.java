package org.pouw.node.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.pouw.core.PouwException;

/**
 * A sequence-numbered log served as Server-Sent Events, for {@code /v1/pouw/events} and {@code /v1/net/events}: each
 * event's SSE {@code id} is its sequence number, so a client that reconnects with {@code Last-Event-ID} (or
 * {@code ?after=N}) resumes exactly after the last event it saw; {@code ?limit=N} ends the stream after N events; a
 * heartbeat comment every {@code http.stream_heartbeat_ms} (15 s) while the log is quiet keeps proxies from closing
 * it, and is the write at which the node finds a departed client gone. Each write is under the
 * stream-write deadline ({@code http.stream_write_timeout_ms}): a client that stops reading is cut off, not waited
 * for.
 */
final class SseFeed {
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    /** One event of the log. */
    record Item(long seq, String type, String data) {
    }

    /** The log a feed reads: pages after a sequence number, and a wait for the next event. */
    interface Log {
        List<Item> after(long seq, int limit);

        void awaitAfter(long seq, long timeoutMs) throws InterruptedException;
    }

    private SseFeed() {
    }

    /** Streams {@code log} to the caller in pages of {@code page}, until the client leaves or {@code closing}. */
    static void serve(ApiCall call, Log log, int page, long pollMs, BooleanSupplier closing) {
        long after = resumePoint(call);
        long limit = call.queryLong("limit", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        long sent = 0;
        long heartbeatMs = call.streamHeartbeatMs();
        long lastBeat = System.currentTimeMillis();
        try (ApiCall.Slot slot = call.eventStreamSlot(); SseSink sink = call.response().sink(SseSink.TYPE)) {
            while (!closing.getAsBoolean() && sent < limit) {
                List<Item> items = log.after(after, page);
                for (Item item : items) {
                    SseEvent event = SseEvent.builder().id(Long.toString(item.seq())).name(item.type())
                            .data(item.data()).build();
                    slot.write(() -> sink.emit(event));
                    after = item.seq();
                    if (++sent >= limit) {
                        return;
                    }
                }
                if (items.size() < page) {
                    if (System.currentTimeMillis() - lastBeat >= heartbeatMs) {
                        slot.write(() -> sink.emit(SseEvent.builder().comment("heartbeat").build()));
                        lastBeat = System.currentTimeMillis();
                    }
                    log.awaitAfter(after, Math.min(pollMs, heartbeatMs));
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
