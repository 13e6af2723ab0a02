package org.pouw.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.pouw.crypto.DidKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted HTTP server for the client's tests: each {@code METHOD path} answers what the test set, every request
 * is recorded, and the sign-in endpoints work for real (a challenge, a signature the stub verifies, a token) so the
 * tests see the client's auth as the node would. Not a node: what the answers mean is the node's tests' business.
 */
final class StubNode implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the stub answers: a status, headers as name, value pairs, a body. */
    record Answer(int status, String body, String... headers) {
        static Answer json(int status, String body) {
            return new Answer(status, body, "Content-Type", "application/json");
        }
    }

    /** One request as the stub received it. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Received, Answer>> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final long tokenLifetimeMs = 60_000;

    StubNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        answer("POST /v1/auth/challenge", request -> Answer.json(200,
                "{\"challenge\":\"c-" + received.size() + "\",\"expires_at_ms\":" + (System.currentTimeMillis()
                        + 60_000) + "}"));
        answer("POST /v1/auth/token", this::token);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Sets what {@code "METHOD /path"} (the path with its query) answers from now on. */
    StubNode answer(String route, Function<Received, Answer> answer) {
        routes.put(route, answer);
        return this;
    }

    StubNode answer(String route, int status, String json) {
        return answer(route, request -> Answer.json(status, json));
    }

    List<Received> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    private Answer token(Received request) {
        JsonNode body = request.json();
        String challenge = body.path("challenge").asString("");
        byte[] signature = java.util.Base64.getUrlDecoder().decode(body.path("signature").asString(""));
        if (!DidKey.parse(body.path("did").asString("")).verify(AuthSignature.message(challenge), signature)) {
            return Answer.json(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad signature\"}}");
        }
        int n = tokensIssued.incrementAndGet();
        return Answer.json(200, "{\"token\":\"t-" + n + "\",\"expires_at_ms\":" + (System.currentTimeMillis()
                + tokenLifetimeMs) + "}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            Received request = new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes());
            received.add(request);
            Function<Received, Answer> route = routes.get(request.method() + " " + path);
            Answer answer = route == null
                    ? Answer.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route " + path + "\"}}")
                    : route.apply(request);
            for (int i = 0; i + 1 < answer.headers().length; i += 2) {
                exchange.getResponseHeaders().add(answer.headers()[i], answer.headers()[i + 1]);
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
