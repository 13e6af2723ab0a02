package org.pouw.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.pouw.client.events.NodeEvent;
import tools.jackson.core.JacksonException;

/**
 * Follows {@code GET /v1/pouw/events} (Server-Sent Events) and hands each event to a consumer, reconnecting with
 * {@code Last-Event-ID} when the stream drops, so no event is missed or repeated: the node's log is durable and an
 * event's SSE id is its sequence number.
 *
 * <p>It holds its own HTTP client: {@link #close} must be able to abort a connection that is still waiting for the
 * stream's first byte, and shutting that client down does so without touching the calls of the {@link PouwClient}.
 */
public final class EventFollower implements AutoCloseable {
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(500);

    private final URI events;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile boolean open = true;
    private volatile InputStream current;
    private volatile long lastSeq;

    EventFollower(URI node, long afterSeq) {
        this.events = URI.create(node + "/v1/pouw/events");
        this.lastSeq = afterSeq;
    }

    /** The sequence number of the last event handed on (or the starting point): where a reconnect resumes. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Follows until {@link #close}, calling {@code consumer} on this thread; run it on a thread of its own. */
    public void follow(Consumer<NodeEvent> consumer) {
        while (open) {
            try {
                HttpRequest request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                        .header("Last-Event-ID", Long.toString(lastSeq)).GET().build();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                current = response.body();
                if (response.statusCode() / 100 == 2) {
                    read(response.body(), consumer);
                } else {
                    response.body().close();
                }
            } catch (IOException | JacksonException dropped) {
                // The node went away or sent a torn event: reconnect after the last whole one.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause();
        }
    }

    /** One stream's lines (the SSE format of the HTML standard): {@code id:}, {@code data:}, a blank line ends one. */
    private void read(InputStream body, Consumer<NodeEvent> consumer) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            long id = -1;
            String line;
            while (open && (line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    NodeEvent event = NodeEvent.from(NodeConnection.JSON.readTree(data.toString()));
                    data.setLength(0);
                    lastSeq = id >= 0 ? id : event.seq();
                    consumer.accept(event);
                }
            }
        }
    }

    private void pause() {
        if (!open) {
            return;
        }
        try {
            Thread.sleep(RECONNECT_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
        }
    }

    /** Stops following: the stream is closed and {@link #follow} returns. */
    @Override
    public void close() {
        open = false;
        InputStream stream = current;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing only unblocks the reader
            }
        }
        http.shutdownNow();
    }
}
