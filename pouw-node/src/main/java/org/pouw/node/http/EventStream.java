package org.pouw.node.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import java.util.List;
import org.pouw.core.port.Storage;
import org.pouw.store.RestoreEpoch;

/**
 * {@code GET /v1/pouw/events}: the event log as Server-Sent Events. Each event's SSE {@code id} is its sequence
 * number, so a client that reconnects with {@code Last-Event-ID} (or {@code ?after=N}) resumes exactly after the last
 * event it saw; the log is durable, so nothing is missed across node restarts either.
 *
 * <p>A restore from a backup (issue 24, scenario 6) takes the log back to the backup's last event and numbers the
 * events after it again, so a saved sequence number means something else afterwards. Every stream's response names
 * the database's restore epoch in {@code Pouw-Restore-Epoch} (also in {@code /v1/pouw/system/status}): a client
 * that sees it change reads the log again from the start instead of resuming.
 */
public final class EventStream implements Endpoints {
    private static final int PAGE = 500;
    private static final long POLL_MS = 1000;

    static final HeaderName RESTORE_EPOCH = HeaderNames.create("Pouw-Restore-Epoch");

    private final Storage storage;
    private final EventSignal signal;
    private final String restoreEpoch;
    private volatile boolean closing;

    public EventStream(Storage storage, EventSignal signal) {
        this.storage = storage;
        this.signal = signal;
        this.restoreEpoch = RestoreEpoch.text(RestoreEpoch.of(storage)); // set only while no node runs
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
        call.response().header(RESTORE_EPOCH, restoreEpoch);
        SseFeed.serve(call, new SseFeed.Log() {
            @Override
            public List<SseFeed.Item> after(long seq, int limit) {
                return storage.read(tx -> tx.events().after(seq, limit)).stream().map(event -> new SseFeed.Item(
                        event.seq(), event.type(), ApiJson.MAPPER.writeValueAsString(ApiJson.event(event)))).toList();
            }

            @Override
            public void awaitAfter(long seq, long timeoutMs) throws InterruptedException {
                signal.awaitAfter(seq, timeoutMs);
            }
        }, PAGE, POLL_MS, () -> closing);
    }
}
