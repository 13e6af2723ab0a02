package org.pouw.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.pouw.core.Clock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP exchange under every API area: one JDK {@code HttpClient}, the bearer token (signed in on first need
 * and refreshed before it lapses), and the mapping of error answers ({@code {"error":{"code","message"}}},
 * ARCHITECTURE.md §5) to {@link NodeException}. Safe to use from many (virtual) threads at once.
 */
final class NodeConnection implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String OCTET_STREAM = "application/octet-stream";

    private final URI base;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClient http;
    private final TokenKeeper tokens;

    NodeConnection(URI node, Duration requestTimeout, Clock clock, Supplier<AuthToken> signIn) {
        String text = node.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .build();
        this.tokens = new TokenKeeper(signIn, clock);
    }

    URI base() {
        return base;
    }

    /** A public GET answered with JSON. */
    JsonNode get(String pathAndQuery) {
        return expectJson(exchange(request(pathAndQuery, null).GET().build()));
    }

    /** A GET with a bearer token the caller got elsewhere (never this client's own sign-in). */
    JsonNode getWithBearer(String pathAndQuery, String bearer) {
        return expectJson(exchange(request(pathAndQuery, bearer).GET().build()));
    }

    /** A POST without a bearer token (the sign-in calls themselves). */
    JsonNode postPublic(String path, JsonNode body) {
        return expectJson(exchange(post(path, body, null)));
    }

    /** A POST without a bearer token whose answer the caller reads itself (a refusal that carries a reason). */
    HttpResponse<byte[]> postPublicForResponse(String path, JsonNode body) {
        return exchange(post(path, body, null));
    }

    /** An authenticated POST answered with JSON. */
    JsonNode post(String path, JsonNode body) {
        return expectJson(postForResponse(path, body));
    }

    /** An authenticated POST whose answer the caller reads itself (a 204 or a 422 that is a value, not an error). */
    HttpResponse<byte[]> postForResponse(String path, JsonNode body) {
        return authorized(bearer -> post(path, body, bearer));
    }

    /** An authenticated POST of raw bytes, with extra headers as name, value pairs. */
    HttpResponse<byte[]> postBytesForResponse(String path, byte[] bytes, String... headers) {
        return authorized(bearer -> {
            HttpRequest.Builder request = request(path, bearer).header("Content-Type", OCTET_STREAM);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        });
    }

    /** An authenticated GET answered with JSON (a client's private reads, such as its intents). */
    JsonNode getSignedIn(String pathAndQuery) {
        return expectJson(authorized(bearer -> request(pathAndQuery, bearer).GET().build()));
    }

    /** An authenticated GET of raw bytes (blobs, trained models). */
    byte[] getBytes(String path) {
        HttpResponse<byte[]> response = authorized(bearer -> request(path, bearer).GET().build());
        if (response.statusCode() / 100 != 2) {
            throw errorOf(response);
        }
        return response.body();
    }

    JsonNode expectJson(HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            throw errorOf(response);
        }
        if (response.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new NodeException(response.statusCode(), "bad_response", "the node sent malformed JSON", null, e);
        }
    }

    NodeException errorOf(HttpResponse<byte[]> response) {
        JsonNode error = parseOrEmpty(response.body()).path("error");
        int status = response.statusCode();
        String code = error.path("code").asString("");
        String message = error.path("message").asString("HTTP " + status + " from " + response.uri().getPath());
        return new NodeException(status, code, message, retryAfter(response), null);
    }

    static JsonNode parseOrEmpty(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException notJson) {
            // Proxies answer errors in HTML; the status alone must then do.
            return JSON.createObjectNode();
        }
    }

    /** One path segment, percent-encoded, so an id can never reach another route. */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Closes the connections; calls still in flight fail rather than hold up a shutdown. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    /** With the bearer token; one 401 means the token lapsed, so sign in again and retry once. */
    /** A request built by an area API, sent without a bearer token, with the connection's timeout. */
    HttpResponse<byte[]> exchangePublic(HttpRequest.Builder request) {
        return exchange(request.timeout(requestTimeout).header("Accept", "application/json").build());
    }

    /** A request built by an area API with this client's login token. */
    HttpResponse<byte[]> authorizedRequest(Function<String, HttpRequest> withBearer) {
        return authorized(withBearer);
    }

    private HttpResponse<byte[]> authorized(Function<String, HttpRequest> withBearer) {
        String token = tokens.bearer();
        HttpResponse<byte[]> response = exchange(withBearer.apply(token));
        if (response.statusCode() == 401) {
            tokens.rejected(token);
            response = exchange(withBearer.apply(tokens.bearer()));
        }
        return response;
    }

    private HttpRequest post(String path, JsonNode body, String bearer) {
        return request(path, bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw NodeException.unreachable("node " + base + " unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(NodeException.UNREACHABLE, "interrupted", "interrupted while calling the node",
                    null, e);
        }
    }

    /** {@code Retry-After} as seconds or as an HTTP date (RFC 9110 §10.2.3); absent or unreadable gives null. */
    private Duration retryAfter(HttpResponse<byte[]> response) {
        String value = response.headers().firstValue("Retry-After").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Duration.ofMillis(Math.max(0, at - clock.millis()));
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof ConnectException && e.getMessage() == null) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
