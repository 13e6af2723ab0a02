package org.pouw.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code /v1/pouw/events} (Server-Sent Events) and hands each event's JSON to a consumer, reconnecting with
 * {@code Last-Event-ID} when the stream drops, so no event is missed or repeated.
 */
final class EventFollower implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI events;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile boolean open = true;
    private volatile InputStream current;
    private long lastId;

    EventFollower(String nodeUrl, long after) {
        this.events = URI.create(nodeUrl + "/v1/pouw/events");
        this.lastId = after;
    }

    /** Follows until {@link #close}; call from its own thread. */
    void follow(Consumer<JsonNode> consumer) {
        while (open) {
            try {
                HttpRequest request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                        .header("Last-Event-ID", Long.toString(lastId)).GET().build();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                current = response.body();
                readStream(response.body(), consumer);
            } catch (IOException e) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void readStream(InputStream body, Consumer<JsonNode> consumer) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while (open && (line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    lastId = Long.parseLong(line.substring(3).strip());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    consumer.accept(JSON.readTree(data.toString()));
                    data.setLength(0);
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

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
