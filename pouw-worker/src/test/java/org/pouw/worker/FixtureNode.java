package org.pouw.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pouw.client.AuthSignature;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Hex;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small in-memory stand-in for the node's HTTP API v1 (ARCHITECTURE.md §5, §6) on a real HTTP server, for the
 * worker's tests while the real node is built. It keeps the contract the worker relies on: signed challenges,
 * bearer tokens, token-fenced leases that expire by the wall clock, 204 on an empty queue, 422 for a wrong proof,
 * 409 for a lost lease. It is a fixture, not a node: the acceptance test runs the worker against the real one.
 */
final class FixtureNode implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern JOB_ACTION = Pattern.compile("/v1/pouw/jobs/([^/]+)/(renew|commit|submit|fail|release)");
    private static final Pattern BLOB = Pattern.compile("/v1/pouw/blobs/([^/]+)");

    private final HttpServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, byte[]> blobs = new HashMap<>();
    private final Map<String, String> challenges = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Set<String> signedInDids = new HashSet<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger renewals = new AtomicInteger();
    private volatile long tokenLifetimeMs = 60_000;
    private long refuseLeaseCallsForMs;
    private long refuseLeaseCallsUntilMs;
    private long leaseGraceMs;
    private long ledgerSeq;
    private int scriptedFailures;
    private int scriptedStatus;
    private String scriptedRetryAfter;
    private String scriptedPathSuffix = "";

    private record Token(String did, long expiresAtMs) {
    }

    /** One job of the fixture's queue; fields are guarded by the fixture's lock. */
    static final class Job {
        final String id;
        final String kind;
        final String tier;
        final String params;
        final String traceRef;
        final long rewardBudget;
        final byte[] expectedProof;
        int maxRetries;
        String status = "pending";
        String leaseToken = "";
        long leaseExpiresAtMs;
        int attempts;
        int submits;
        /** The current lease's commitment (hex), empty until the worker commits. */
        String commitment = "";
        final List<String> failReasons = new ArrayList<>();
        /** Leases handed back through {@code /release} (which, as on the node, spend no retry). */
        int handBacks;
        /** When the fixture last turned a lease call on this job away with 503 ({@link #refuseLeaseCalls}). */
        long refusedAtMs = Long.MIN_VALUE;

        Job(String id, String kind, String tier, String params, String traceRef, long rewardBudget,
            byte[] expectedProof, int maxRetries) {
            this.id = id;
            this.kind = kind;
            this.tier = tier;
            this.params = params;
            this.traceRef = traceRef;
            this.rewardBudget = rewardBudget;
            this.expectedProof = expectedProof;
            this.maxRetries = maxRetries;
        }
    }

    private FixtureNode(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    static FixtureNode start() throws IOException {
        return new FixtureNode(0);
    }

    /** On a given port, for the test where the node comes up after the worker. */
    static FixtureNode startOn(int port) throws IOException {
        return new FixtureNode(port);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- setting the scene ----

    String addJob(String kind, byte[] expectedProof, long rewardBudget) {
        return addJob(kind, "macro", "{\"n\":1}", "", expectedProof, rewardBudget, 3);
    }

    String addJob(String kind, String tier, String params, String traceRef, byte[] expectedProof, long rewardBudget,
                  int maxRetries) {
        byte[] seed = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        String id = Hex.encode(Arrays.copyOf(Blake3.hash(seed), 16));
        locked(() -> jobs.put(id, new Job(id, kind, tier, params, traceRef, rewardBudget, expectedProof, maxRetries)));
        return id;
    }

    /** Stores a blob under its BLAKE3 key, as the node's content-addressed store does. */
    String putBlob(byte[] bytes) {
        String key = Hex.encode(Blake3.hash(bytes));
        locked(() -> blobs.put(key, bytes.clone()));
        return key;
    }

    /** Stores bytes under a key they do not hash to: a corrupted or malicious store. */
    void putBlobUnderKey(String key, byte[] bytes) {
        locked(() -> blobs.put(key, bytes.clone()));
    }

    /** Another worker took the job over: the lease token changes, so this worker's calls get 409. */
    void stealLease(String jobId) {
        locked(() -> jobs.get(jobId).leaseToken = "stolen-" + UUID.randomUUID());
    }

    void revokeAllTokens() {
        locked(tokens::clear);
    }

    void tokenLifetimeMs(long lifetime) {
        tokenLifetimeMs = lifetime;
    }

    /**
     * As the node does in an outage of its database (issue 18): from the next claim on, every lease call (renew,
     * commit, submit, fail) is answered 503 for {@code forMs}, and a lease that runs out meanwhile stays good for its
     * holder for {@code graceMs} after the latest refusal (the node's {@code market.lease_grace_ms}).
     */
    void refuseLeaseCalls(long forMs, long graceMs) {
        locked(() -> {
            refuseLeaseCallsForMs = forMs;
            leaseGraceMs = graceMs;
        });
    }

    /** The next {@code times} requests get {@code status} with an error body (and Retry-After when given). */
    void failNext(int times, int status, String retryAfter) {
        failNextOn("", times, status, retryAfter);
    }

    /** As {@link #failNext}, for requests whose path ends with {@code pathSuffix} only. */
    void failNextOn(String pathSuffix, int times, int status, String retryAfter) {
        locked(() -> {
            scriptedPathSuffix = pathSuffix;
            scriptedFailures = times;
            scriptedStatus = status;
            scriptedRetryAfter = retryAfter;
        });
    }

    // ---- what happened ----

    String status(String jobId) {
        return locked(() -> jobs.get(jobId).status);
    }

    int attempts(String jobId) {
        return locked(() -> jobs.get(jobId).attempts);
    }

    int submits(String jobId) {
        return locked(() -> jobs.get(jobId).submits);
    }

    int handBacks(String jobId) {
        return locked(() -> jobs.get(jobId).handBacks);
    }

    List<String> failReasons(String jobId) {
        return locked(() -> List.copyOf(jobs.get(jobId).failReasons));
    }

    boolean hasSignedIn(String did) {
        return locked(() -> signedInDids.contains(did));
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    int renewals() {
        return renewals.get();
    }

    /** Every request as "METHOD path", in arrival order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    // ---- the API ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(method + " " + path);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Reply reply = locked(() -> route(exchange, method, path, body));
            reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (reply.status == 204) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", reply.contentType);
            exchange.sendResponseHeaders(reply.status, reply.body.length);
            exchange.getResponseBody().write(reply.body);
        }
    }

    private record Reply(int status, byte[] body, String contentType, Map<String, String> headers) {
        static Reply json(int status, JsonNode json) {
            return new Reply(status, JSON.writeValueAsBytes(json), "application/json", new HashMap<>());
        }

        static Reply error(int status, String code, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("code", code).put("message", message);
            return json(status, body);
        }
    }

    private Reply route(HttpExchange exchange, String method, String path, byte[] body) {
        if (scriptedFailures > 0 && path.endsWith(scriptedPathSuffix)) {
            scriptedFailures--;
            Reply reply = Reply.error(scriptedStatus, scriptedStatus == 429 ? "rate_limited" : "scripted",
                    "scripted failure " + scriptedStatus);
            if (scriptedRetryAfter != null) {
                reply.headers.put("Retry-After", scriptedRetryAfter);
            }
            return reply;
        }
        JsonNode json;
        try {
            json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (RuntimeException e) {
            return Reply.error(400, "malformed_json", "body is not JSON");
        }
        if (method.equals("POST") && path.equals("/v1/auth/challenge")) {
            return challenge(json);
        }
        if (method.equals("POST") && path.equals("/v1/auth/token")) {
            return token(json);
        }
        String holder = bearer(exchange);
        if (holder == null) {
            return Reply.error(401, "unauthorized", "missing, unknown or expired bearer token");
        }
        if (method.equals("POST") && path.equals("/v1/pouw/jobs/claim")) {
            if (refuseLeaseCallsForMs > 0) {
                refuseLeaseCallsUntilMs = now() + refuseLeaseCallsForMs;
                refuseLeaseCallsForMs = 0;
            }
            return claim(json);
        }
        Matcher action = JOB_ACTION.matcher(path);
        if (method.equals("POST") && action.matches()) {
            Job job = jobs.get(action.group(1));
            if (job == null) {
                return Reply.error(404, "not_found", "job " + action.group(1) + " not found");
            }
            if (now() < refuseLeaseCallsUntilMs) {
                job.refusedAtMs = now();
                return Reply.error(503, "unavailable", "the database is unreachable; retry shortly");
            }
            return switch (action.group(2)) {
                case "renew" -> renew(job, json);
                case "commit" -> commit(job, json);
                case "submit" -> submit(job, json);
                case "release" -> handBack(job, json);
                default -> fail(job, json);
            };
        }
        Matcher blob = BLOB.matcher(path);
        if (method.equals("GET") && blob.matches()) {
            // As the node: a prover reads a blob only through a job it holds a lease on, named by job_id.
            String query = exchange.getRequestURI().getQuery();
            Job through = query == null || !query.startsWith("job_id=") ? null
                    : jobs.get(query.substring("job_id=".length()));
            byte[] bytes = through == null || !through.status.equals("in_progress") ? null : blobs.get(blob.group(1));
            return bytes == null ? Reply.error(404, "not_found", "no blob " + blob.group(1))
                    : new Reply(200, bytes, "application/octet-stream", new HashMap<>());
        }
        return Reply.error(404, "not_found", "no route " + method + " " + path);
    }

    private Reply challenge(JsonNode json) {
        String did = json.path("did").asString("");
        if (!DidKey.isValid(did)) {
            return Reply.error(400, "invalid_request", "did: not a did:key");
        }
        String challenge = UUID.randomUUID().toString();
        challenges.put(challenge, did);
        return Reply.json(200, JSON.createObjectNode().put("challenge", challenge)
                .put("expires_at_ms", now() + 60_000));
    }

    private Reply token(JsonNode json) {
        String did = json.path("did").asString("");
        String challenge = json.path("challenge").asString("");
        // Single use: a challenge is gone once presented, whatever the outcome.
        String issuedTo = challenges.remove(challenge);
        if (issuedTo == null || !issuedTo.equals(did)) {
            return Reply.error(401, "unauthorized", "unknown or used challenge");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(json.path("signature").asString(""));
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "invalid_request", "signature: not base64url");
        }
        if (!DidKey.parse(did).verify(AuthSignature.message(challenge), signature)) {
            return Reply.error(401, "unauthorized", "signature does not verify");
        }
        signedInDids.add(did);
        tokensIssued.incrementAndGet();
        String token = UUID.randomUUID().toString();
        long expires = now() + tokenLifetimeMs;
        tokens.put(token, new Token(did, expires));
        return Reply.json(200, JSON.createObjectNode().put("token", token).put("expires_at_ms", expires));
    }

    private String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        Token token = tokens.get(header.substring("Bearer ".length()));
        return token == null || token.expiresAtMs() <= now() ? null : token.did();
    }

    private Reply claim(JsonNode json) {
        List<String> kinds = texts(json.path("kinds"));
        List<String> tiers = texts(json.path("tiers"));
        int maxJobs = json.path("max_jobs").asInt(1);
        long leaseMs = json.path("lease_ms").asLong(30_000);
        ObjectNode reply = JSON.createObjectNode();
        var list = reply.putArray("jobs");
        for (Job job : jobs.values()) {
            if (list.size() >= maxJobs) {
                break;
            }
            reapIfExpired(job);
            if (job.status.equals("pending") && kinds.contains(job.kind)
                    && (tiers.isEmpty() || tiers.contains(job.tier))) {
                job.status = "in_progress";
                job.leaseToken = UUID.randomUUID().toString();
                job.leaseExpiresAtMs = now() + leaseMs;
                job.attempts++;
                ObjectNode view = jobJson(job);
                view.putObject("lease").put("token", job.leaseToken).put("expires_at_ms", job.leaseExpiresAtMs);
                list.add(view);
            }
        }
        return list.isEmpty() ? new Reply(204, new byte[0], "", new HashMap<>()) : Reply.json(200, reply);
    }

    private Reply renew(Job job, JsonNode json) {
        if (!holdsLease(job, json)) {
            return Reply.error(409, "lease_lost", "the lease is no longer yours");
        }
        renewals.incrementAndGet();
        job.leaseExpiresAtMs = now() + json.path("extend_ms").asLong(30_000);
        ObjectNode reply = JSON.createObjectNode().put("job_id", job.id);
        reply.putObject("lease").put("token", job.leaseToken).put("expires_at_ms", job.leaseExpiresAtMs);
        return Reply.json(200, reply);
    }

    /**
     * Commit → challenge → open, the node's way: one commitment per lease, the same one answered with the same
     * challenge, another refused. The challenge is {@link #challengeFor} the commitment; a commitment starting with
     * {@code bad} is refused as invalid.
     */
    private Reply commit(Job job, JsonNode json) {
        if (!holdsLease(job, json)) {
            return Reply.error(409, "lease_lost", "the lease is no longer yours");
        }
        byte[] commitment = Base64.getDecoder().decode(json.path("commitment").asString(""));
        if (new String(commitment, StandardCharsets.UTF_8).startsWith("bad")) {
            return Reply.error(400, "invalid_request", "commitment: not for this job");
        }
        String hex = Hex.encode(commitment);
        if (!job.commitment.isEmpty() && !job.commitment.equals(hex)) {
            return Reply.error(409, "conflict", "this lease already committed");
        }
        job.commitment = hex;
        return Reply.json(200, JSON.createObjectNode().put("job_id", job.id)
                .put("challenge", Base64.getEncoder().encodeToString(challengeFor(commitment))));
    }

    /** The fixture's challenge for a commitment: fixed, so a test knows the opening to expect. */
    static byte[] challengeFor(byte[] commitment) {
        return Arrays.copyOf(Blake3.hash(commitment), 8);
    }

    private Reply submit(Job job, JsonNode json) {
        if (!holdsLease(job, json)) {
            return Reply.error(409, "lease_lost", "the lease is no longer yours");
        }
        job.submits++;
        byte[] proof = Base64.getDecoder().decode(json.path("proof").asString(""));
        if (Arrays.equals(proof, job.expectedProof)) {
            job.status = "completed";
            job.leaseToken = "";
            ObjectNode reply = JSON.createObjectNode();
            reply.set("job", jobJson(job));
            reply.putObject("verdict").put("accepted", true).put("reason", "ok").put("detail", "");
            reply.put("reward", job.rewardBudget).put("ledger_seq", ++ledgerSeq);
            return Reply.json(200, reply);
        }
        release(job, "proof rejected");
        ObjectNode reply = JSON.createObjectNode();
        reply.putObject("error").put("code", "proof_invalid").put("message", "the proof does not verify");
        reply.putObject("verdict").put("accepted", false).put("reason", "mismatch")
                .put("detail", "final state differs");
        reply.set("job", jobJson(job));
        return Reply.json(422, reply);
    }

    private Reply fail(Job job, JsonNode json) {
        if (!holdsLease(job, json)) {
            return Reply.error(409, "lease_lost", "the lease is no longer yours");
        }
        release(job, json.path("reason").asString(""));
        return Reply.json(200, JSON.createObjectNode().set("job", jobJson(job)));
    }

    private Reply handBack(Job job, JsonNode json) {
        if (!holdsLease(job, json)) {
            return Reply.error(409, "lease_lost", "the lease is no longer yours");
        }
        job.handBacks++;
        job.maxRetries++;
        job.leaseToken = "";
        job.commitment = "";
        job.status = "pending";
        return Reply.json(200, JSON.createObjectNode().set("job", jobJson(job)));
    }

    private void release(Job job, String reason) {
        job.failReasons.add(reason);
        job.leaseToken = "";
        job.commitment = "";
        job.status = job.attempts >= job.maxRetries ? "dead_letter" : "pending";
    }

    private boolean holdsLease(Job job, JsonNode json) {
        reapIfExpired(job);
        return job.status.equals("in_progress") && job.leaseToken.equals(json.path("lease_token").asString(""));
    }

    private void reapIfExpired(Job job) {
        boolean excused = job.refusedAtMs >= job.leaseExpiresAtMs - leaseGraceMs
                && now() <= job.refusedAtMs + leaseGraceMs;
        if (job.status.equals("in_progress") && job.leaseExpiresAtMs <= now() && !excused) {
            release(job, "lease expired");
        }
    }

    private ObjectNode jobJson(Job job) {
        ObjectNode view = JSON.createObjectNode()
                .put("job_id", job.id).put("kind", job.kind).put("tier", job.tier).put("status", job.status)
                .put("intent_id", "00".repeat(32)).put("trace_hash", "11".repeat(32))
                .put("trace_ref", job.traceRef);
        view.set("params", JSON.readTree(job.params));
        return view.put("fee_budget", job.rewardBudget).put("reward_budget", job.rewardBudget)
                .put("created_at_ms", 1).put("created_seq", 1).put("lease_expires_at_ms", job.leaseExpiresAtMs)
                .put("deadline_ms", now() + 3_600_000).put("max_retries", job.maxRetries)
                .put("attempts", job.attempts);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString("")));
        return texts;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
