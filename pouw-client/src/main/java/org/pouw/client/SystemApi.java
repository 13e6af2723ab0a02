package org.pouw.client;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.pouw.client.system.HealthProbe;
import org.pouw.client.system.SystemStatus;

/** How the node is doing: mode, queue, version, uptime. */
public final class SystemApi {
    private final NodeConnection connection;

    SystemApi(NodeConnection connection) {
        this.connection = connection;
    }

    public SystemStatus status() {
        return SystemStatus.from(connection.get("/v1/pouw/system/status"));
    }

    /**
     * The status with a bearer token the caller already holds (a token file of an operator's nodes list, for a node
     * behind a proxy that wants one); the client's own key signs nothing.
     */
    public SystemStatus status(String bearerToken) {
        return SystemStatus.from(connection.getWithBearer("/v1/pouw/system/status", bearerToken));
    }

    /**
     * One ask of {@code /healthz} (or, with {@code ready}, {@code /readyz}) that answers whatever the status was;
     * only no answer at all is a {@link NodeException} ({@link NodeException#UNREACHABLE}).
     */
    public HealthProbe probe(boolean ready) {
        HttpResponse<byte[]> response = connection.exchangePublic(HttpRequest.newBuilder(
                java.net.URI.create(connection.base() + (ready ? "/readyz" : "/healthz"))).GET());
        return new HealthProbe(response.statusCode(), response.headers().firstValue("Date"));
    }

    /**
     * The node's Prometheus page ({@code GET /v1/pouw/metrics}) as its text; a non-200 answer is the node's
     * {@link NodeException}.
     */
    public String metricsPage() {
        HttpResponse<byte[]> response = connection.exchangePublic(HttpRequest.newBuilder(
                java.net.URI.create(connection.base() + "/v1/pouw/metrics")).GET());
        if (response.statusCode() != 200) {
            throw new NodeException(response.statusCode(), "metrics_unavailable",
                    "the node answered its metrics page with " + response.statusCode());
        }
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The market's public state over the last {@code windowMs} (300000, 3600000 or 86400000): prices, depth,
     * throughput and service levels per kind and tier and per prover ({@code GET /v1/pouw/market}); with
     * {@code signedIn}, also {@code yours}, the caller's own levels as a client.
     */
    public tools.jackson.databind.JsonNode market(long windowMs, boolean signedIn) {
        String path = "/v1/pouw/market?window_ms=" + windowMs;
        return signedIn ? connection.getSignedIn(path) : connection.get(path);
    }

    /**
     * Sets one logger's level on the running node (admin key): TRACE, DEBUG, INFO, WARNING, ERROR, OFF, ALL, or
     * INHERIT to follow its parent again; {@code ""} names the root logger. Answers {@code {"logger","level",
     * "previous"}}.
     */
    public tools.jackson.databind.JsonNode setLogLevel(String logger, String level) {
        return connection.post("/v1/admin/log-level",
                NodeConnection.JSON.createObjectNode().put("logger", logger).put("level", level));
    }

    /**
     * Asks {@code /healthz} (the process answers) or, with {@code ready}, {@code /readyz} (its database answers
     * too); returns the node's status word, or throws the node's 503 {@link NodeException} when it is not ready.
     */
    public String health(boolean ready) {
        return connection.get(ready ? "/readyz" : "/healthz").path("status").asString("");
    }
}
