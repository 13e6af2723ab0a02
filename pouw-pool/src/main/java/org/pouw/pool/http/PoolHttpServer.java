package org.pouw.pool.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.pouw.core.Clock;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.share.ShareValidator;
import org.pouw.pool.share.ShareVerdict;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool's HTTP transport (issue 23 §1; docs/pool.md §3): {@code POST /pool/share}, {@code GET /pool/info} (the
 * pool's name, public key and audience, for the node operator's {@code pools.trusted}), {@code GET
 * /pool/difficulty?miner=}, {@code GET /pool/status}, {@code GET /pool/miners}, {@code GET /metrics} (Prometheus
 * text) and {@code GET /healthz}.
 * Errors are the project's error body {@code {"error":{"code","message","field"}}}. The JDK's own server: the pool
 * needs a handful of routes, not a framework.
 */
public final class PoolHttpServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ShareValidator validator;
    private final ShareAttestor attestor;
    private final byte[] poolPublicKey;
    private final Clock clock;
    private final PoolMetrics metrics;
    private final long startedAtMs;

    public PoolHttpServer(InetSocketAddress bind, ShareValidator validator, ShareAttestor attestor,
            byte[] poolPublicKey, Clock clock, PoolMetrics metrics) throws IOException {
        this.metrics = metrics;
        this.startedAtMs = clock.millis();
        this.validator = validator;
        this.attestor = attestor;
        this.poolPublicKey = poolPublicKey.clone();
        this.clock = clock;
        server = HttpServer.create(bind, 256);
        server.setExecutor(threads);
        server.createContext("/pool/share", this::share);
        server.createContext("/pool/info", this::info);
        server.createContext("/pool/difficulty", this::difficulty);
        server.createContext("/pool/status", this::status);
        server.createContext("/pool/miners", this::miners);
        server.createContext("/metrics", this::metrics);
        server.createContext("/healthz", exchange -> answer(exchange, 200, JSON.createObjectNode().put("status",
                "ok")));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void share(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                answer(exchange, 405, error("method_not_allowed", "POST a share here", null));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(ShareValidator.MAX_BODY_BYTES + 1);
            }
            if (body.length > ShareValidator.MAX_BODY_BYTES) {
                answer(exchange, 413, error("body_too_large", "a share has at most " + ShareValidator.MAX_BODY_BYTES
                        + " bytes", null));
                return;
            }
            ShareVerdict verdict;
            try {
                verdict = validator.validate(body);
            } catch (RuntimeException e) {
                // The accounting store did not answer: the share was not acknowledged, so the miner sends it again.
                org.pouw.pool.PoolLog.warn("share_unrecorded", "error", String.valueOf(e));
                metrics.unavailable();
                answer(exchange, 503, error("unavailable", "the pool's share ledger did not answer; send the share "
                        + "again shortly", null));
                return;
            }
            if (verdict instanceof ShareVerdict.Refused refused) {
                metrics.refused(refused.reason());
                answer(exchange, refused.reason().httpStatus(), error(refused.reason().code(), refused.message(),
                        refused.field()));
                return;
            }
            ShareVerdict.Accepted accepted = (ShareVerdict.Accepted) verdict;
            metrics.accepted(accepted.share().miner(), accepted.credited());
            ObjectNode attestation = attestor.attest(accepted.share());
            ObjectNode out = JSON.createObjectNode();
            out.put("valid", true);
            out.put("share_id", accepted.hashHex());
            out.put("pool_signature", attestation.get("sig").asString());
            out.put("difficulty", accepted.credited());
            out.put("difficulty_achieved", accepted.achieved());
            out.put("difficulty_next", accepted.standing().difficulty());
            out.put("miner_reputation", accepted.standing().reputation());
            out.put("probation", accepted.standing().probation());
            out.put("timestamp", clock.millis());
            out.set("attestation", attestation);
            answer(exchange, 200, out);
        }
    }

    /**
     * {@code GET /pool/difficulty?miner=<did>}: the difficulty a share of this miner must state now, so a miner whose
     * shares got rarer learns of a lowered difficulty without a share to carry the answer. Reading it keeps nothing.
     */
    private void difficulty(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String miner = query == null || !query.startsWith("miner=") ? ""
                    : java.net.URLDecoder.decode(query.substring("miner=".length()),
                            java.nio.charset.StandardCharsets.UTF_8);
            if (!org.pouw.crypto.DidKey.isValid(miner)) {
                answer(exchange, 400, error("invalid_request", "miner must be an Ed25519 did:key", "miner"));
                return;
            }
            ObjectNode out = JSON.createObjectNode().put("miner", miner)
                    .put("difficulty", validator.miners().required(miner));
            validator.miners().standing(miner).ifPresent(standing -> out.put("miner_reputation",
                    standing.reputation()).put("probation", standing.probation()));
            answer(exchange, 200, out);
        }
    }

    /** {@code GET /pool/status}: what {@code pouw pool status} prints (docs/pool.md §6a). */
    private void status(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode out = JSON.createObjectNode().put("pool", attestor.pool()).put("audience", attestor.audience())
                    .put("uptime_ms", clock.millis() - startedAtMs).put("miners_active", metrics.activeMiners())
                    .put("miners_known", validator.miners().count())
                    .put("shares_accepted", metrics.acceptedCount())
                    .put("hashrate_estimate", metrics.hashRatePerSecond());
            ObjectNode rejected = out.putObject("shares_rejected");
            metrics.rejectedCounts().forEach(rejected::put);
            ObjectNode difficulty = out.putObject("difficulty");
            metrics.recentDifficulty().forEach(difficulty::put);
            answer(exchange, 200, out);
        }
    }

    /**
     * {@code GET /pool/miners[?limit=N]}: the most recently active miners (an accepted share in the last 10
     * minutes), newest first, at most {@code limit} (1…1000, default 100), each with its difficulty and standing.
     */
    private void miners(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            int limit = 100;
            if (query != null) {
                if (!query.matches("limit=[0-9]{1,4}") || Integer.parseInt(query.substring(6)) < 1
                        || Integer.parseInt(query.substring(6)) > 1000) {
                    answer(exchange, 400, error("invalid_request", "limit must be 1…1000", "limit"));
                    return;
                }
                limit = Integer.parseInt(query.substring(6));
            }
            ObjectNode out = JSON.createObjectNode();
            var list = out.putArray("miners");
            for (var entry : metrics.recentMiners(limit)) {
                ObjectNode miner = list.addObject().put("miner", entry.getKey())
                        .put("last_share_at_ms", entry.getValue())
                        .put("difficulty", validator.miners().required(entry.getKey()));
                validator.miners().standing(entry.getKey()).ifPresent(standing -> miner.put("miner_reputation",
                        standing.reputation()).put("probation", standing.probation()));
            }
            answer(exchange, 200, out);
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void info(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange, 200, JSON.createObjectNode().put("pool", attestor.pool())
                    .put("public_key", HexFormat.of().formatHex(poolPublicKey)).put("audience", attestor.audience())
                    .put("share_kind", ShareAttestor.SHARE_KIND));
        }
    }

    private static ObjectNode error(String code, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return body;
    }

    private static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
