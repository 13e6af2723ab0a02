package org.pouw.pool.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a running pool's {@code GET /pool/status} and {@code GET /pool/miners} for {@code pouw pool status|miners}
 * (issue 23 §6): the command module speaks no HTTP itself, so the pool module that serves them also reads them.
 */
public final class PoolStatusReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public PoolStatusReader(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    public JsonNode status() throws IOException, InterruptedException {
        return get("/pool/status");
    }

    /** @param limit 1…1000 */
    public JsonNode miners(int limit) throws IOException, InterruptedException {
        return get("/pool/miners?limit=" + limit);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IOException("the pool at " + base + " answered " + response.statusCode() + " without JSON");
        }
        if (response.statusCode() != 200) {
            throw new IOException("the pool at " + base + " answered " + response.statusCode() + ": "
                    + body.path("error").path("message").asString(""));
        }
        return body;
    }
}
