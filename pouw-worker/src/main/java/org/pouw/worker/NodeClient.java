package org.pouw.worker;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker's side of the node's HTTP API v1 (ARCHITECTURE.md §5): sign-in, claim, renew, submit, fail and blob
 * download. Every call is blocking and safe to make from many (virtual) threads at once. Errors surface as
 * {@link NodeException}; an invalid proof is an expected outcome and comes back as a {@link SubmitResult}.
 */
public final class NodeClient implements AutoCloseable {
    /** The header that carries the lease token when a proof is sent as raw bytes. */
    public static final String LEASE_TOKEN_HEADER = "Pouw-Lease-Token";
    static final int RAW_PROOF_BYTES = 256 * 1024;
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MAX_REASON_CHARS = 1000;

    private final URI base;
    private final Ed25519.KeyPair key;
    private final String did;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClient http;
    private final TokenKeeper tokens;

    public NodeClient(URI node, Ed25519.KeyPair key, Duration requestTimeout, Clock clock) {
        Objects.requireNonNull(node, "node");
        String text = node.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.key = Objects.requireNonNull(key, "key");
        this.did = key.did().toString();
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .build();
        this.tokens = new TokenKeeper(this::signIn, clock);
    }

    public String did() {
        return did;
    }

    public URI node() {
        return base;
    }

    /** Challenge → signature → token (§5). Callers rarely need this: every other call signs in when it must. */
    public AuthToken signIn() {
        ObjectNode challengeRequest = JSON.createObjectNode().put("did", did);
        JsonNode challenge = expectJson(exchange(post("/v1/auth/challenge", challengeRequest, null)));
        String challengeText = challenge.path("challenge").asString("");
        if (challengeText.isEmpty()) {
            throw new NodeException(200, "bad_response", "the node sent an auth challenge without 'challenge'");
        }
        ObjectNode tokenRequest = JSON.createObjectNode()
                .put("did", did)
                .put("challenge", challengeText)
                .put("signature", AuthSignature.sign(key, challengeText));
        JsonNode token = expectJson(exchange(post("/v1/auth/token", tokenRequest, null)));
        String tokenText = token.path("token").asString("");
        if (tokenText.isEmpty()) {
            throw new NodeException(200, "bad_response", "the node sent an auth answer without 'token'");
        }
        return new AuthToken(tokenText, token.path("expires_at_ms").asLong(0));
    }

    /** Claims up to {@code maxJobs} jobs; an empty list when the node has none (204). */
    public List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs) {
        ObjectNode body = JSON.createObjectNode();
        kinds.forEach(body.putArray("kinds")::add);
        tiers.forEach(body.putArray("tiers")::add);
        body.put("max_jobs", maxJobs).put("lease_ms", leaseMs);
        HttpResponse<byte[]> response = authorized("/v1/pouw/jobs/claim", body);
        if (response.statusCode() == 204) {
            return List.of();
        }
        JsonNode jobs = expectJson(response).path("jobs");
        List<ClaimedJob> claimed = new ArrayList<>();
        for (JsonNode job : jobs) {
            claimed.add(ClaimedJob.fromJson(job));
        }
        return claimed;
    }

    /** Extends a lease; {@link NodeException#isLeaseLost()} when the lease moved on (409). */
    public Lease renew(String jobId, String leaseToken, long extendMs) {
        ObjectNode body = JSON.createObjectNode().put("lease_token", leaseToken).put("extend_ms", extendMs);
        JsonNode lease = expectJson(authorized(jobPath(jobId, "renew"), body)).path("lease");
        // A node that keeps the token on renew may omit it; the old one then stays valid.
        return new Lease(lease.path("token").asString(leaseToken), lease.path("expires_at_ms").asLong(0));
    }

    /**
     * Sends the commitment of a commit → challenge → open job and returns the node's challenge. Sending the same
     * commitment again returns the same challenge, so a call that got no answer can simply be repeated.
     */
    public byte[] commit(String jobId, String leaseToken, byte[] commitment) {
        ObjectNode body = JSON.createObjectNode()
                .put("lease_token", leaseToken)
                .put("commitment", Base64.getEncoder().encodeToString(commitment));
        String challenge = expectJson(authorized(jobPath(jobId, "commit"), body)).path("challenge").asString("");
        try {
            return Base64.getDecoder().decode(challenge);
        } catch (IllegalArgumentException e) {
            throw new NodeException(200, "bad_response", "the node's challenge is not base64", null, e);
        }
    }

    /**
     * Submits a proof; a 422 {@code proof_invalid} is a rejected result, a 409 a lost lease. Proofs past
     * {@link #RAW_PROOF_BYTES} (an ml-train opening carries whole model states) go as raw bytes, not base64 JSON.
     */
    public SubmitResult submit(String jobId, String leaseToken, byte[] proof) {
        HttpResponse<byte[]> response;
        if (proof.length > RAW_PROOF_BYTES) {
            response = authorized(bearer -> request(jobPath(jobId, "submit"), bearer)
                    .header("Content-Type", OCTET_STREAM)
                    .header(LEASE_TOKEN_HEADER, leaseToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(proof))
                    .build());
        } else {
            ObjectNode body = JSON.createObjectNode()
                    .put("lease_token", leaseToken)
                    .put("proof", Base64.getEncoder().encodeToString(proof));
            response = authorized(jobPath(jobId, "submit"), body);
        }
        if (response.statusCode() == 422) {
            JsonNode json = parseOrEmpty(response.body());
            if ("proof_invalid".equals(json.path("error").path("code").asString(""))) {
                JsonNode verdict = json.path("verdict");
                return SubmitResult.rejected(verdict.path("reason").asString("proof_invalid"),
                        verdict.path("detail").asString(json.path("error").path("message").asString("")));
            }
        }
        JsonNode json = expectJson(response);
        JsonNode verdict = json.path("verdict");
        if (!verdict.path("accepted").asBoolean(true)) {
            return SubmitResult.rejected(verdict.path("reason").asString("rejected"),
                    verdict.path("detail").asString(""));
        }
        return SubmitResult.accepted(json.path("reward").asLong(0), json.path("ledger_seq").asLong(-1));
    }

    /** One proof of a batch: the job, the lease that holds it, the proof bytes. */
    public record BatchSubmission(String jobId, String leaseToken, byte[] proof) {
    }

    /**
     * Submits several proofs in one request; the node settles them in one transaction. One result per submission,
     * in order: accepted with its reward, or rejected with the reason ({@code proof_invalid}, {@code lease_lost},
     * {@code not_found}).
     */
    public List<SubmitResult> submitBatch(List<BatchSubmission> submissions) {
        ObjectNode body = JSON.createObjectNode();
        var items = body.putArray("submissions");
        for (BatchSubmission submission : submissions) {
            items.addObject().put("job_id", submission.jobId()).put("lease_token", submission.leaseToken())
                    .put("proof", Base64.getEncoder().encodeToString(submission.proof()));
        }
        List<SubmitResult> results = new ArrayList<>();
        for (JsonNode result : expectJson(authorized("/v1/pouw/jobs/submit-batch", body)).path("results")) {
            results.add(result.path("outcome").asString("").equals("accepted")
                    ? SubmitResult.accepted(result.path("reward").asLong(0), result.path("ledger_seq").asLong(-1))
                    : SubmitResult.rejected(result.path("outcome").asString("rejected"),
                            result.path("message").asString("")));
        }
        return results;
    }

    /** Gives a job back with a reason, so it returns to the queue now instead of at lease expiry. */
    public void fail(String jobId, String leaseToken, String reason) {
        ObjectNode body = JSON.createObjectNode().put("lease_token", leaseToken).put("reason", shorten(reason));
        expectJson(authorized(jobPath(jobId, "fail"), body));
    }

    /** The raw bytes stored under {@code key}; {@link VerifiedBlobSource} checks them against the key. */
    public byte[] blob(String key) {
        String path = "/v1/pouw/blobs/" + segment(key);
        HttpResponse<byte[]> response = authorized(bearer -> request(path, bearer).GET().build());
        if (response.statusCode() / 100 != 2) {
            throw errorOf(response);
        }
        return response.body();
    }

    /** An authenticated POST of raw bytes (e.g. a dataset), answered with JSON. */
    public JsonNode postBytes(String path, byte[] bytes) {
        return expectJson(authorized(bearer -> request(path, bearer)
                .header("Content-Type", OCTET_STREAM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build()));
    }

    /** An authenticated GET of raw bytes (e.g. a trained model). */
    public byte[] getBytes(String path) {
        HttpResponse<byte[]> response = authorized(bearer -> request(path, bearer).GET().build());
        if (response.statusCode() / 100 != 2) {
            throw errorOf(response);
        }
        return response.body();
    }

    /** A public GET of any API path (with its query), for the CLI's read commands. */
    public JsonNode getJson(String pathAndQuery) {
        return expectJson(exchange(request(pathAndQuery, null).GET().build()));
    }

    /** An authenticated POST of any API path, for the CLI's client commands (intents, transfers, admin). */
    public JsonNode postJson(String path, JsonNode body) {
        return expectJson(authorized(path, body));
    }

    /** Closes the connections; calls still in flight fail rather than hold up a shutdown. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    /** POST with the bearer token; one 401 means the token lapsed, so sign in again and retry once. */
    private HttpResponse<byte[]> authorized(String path, JsonNode body) {
        return authorized(bearer -> post(path, body, bearer));
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

    private JsonNode expectJson(HttpResponse<byte[]> response) {
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

    private NodeException errorOf(HttpResponse<byte[]> response) {
        JsonNode error = parseOrEmpty(response.body()).path("error");
        int status = response.statusCode();
        String code = error.path("code").asString("");
        String message = error.path("message").asString("HTTP " + status + " from " + response.uri().getPath());
        return new NodeException(status, code, message, retryAfter(response), null);
    }

    private static JsonNode parseOrEmpty(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException notJson) {
            // Proxies answer errors in HTML; the status alone must then do.
            return JSON.createObjectNode();
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

    /** The node refuses over-long reasons (a 400 would leave the job leased), and a stack of detail helps nobody. */
    static String shorten(String reason) {
        String text = reason == null || reason.isBlank() ? "worker gave up" : reason;
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 3) + "...";
    }

    private static String jobPath(String jobId, String action) {
        return "/v1/pouw/jobs/" + segment(jobId) + "/" + action;
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
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
