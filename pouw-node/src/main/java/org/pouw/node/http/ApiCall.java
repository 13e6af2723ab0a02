package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.node.auth.Tokens;
import org.pouw.node.logs.AuditNote;
import org.pouw.node.logs.RequestLogContext;
import org.pouw.node.ratelimit.RequestBudget;
import tools.jackson.databind.JsonNode;

/** One request and its response, with the reads and writes every endpoint needs. */
public final class ApiCall {
    private static final String OCTET_STREAM = "application/octet-stream";
    /** Test hooks found on the class path (none in a packaged node; {@link BeforeAnswerHook}). */
    private static final List<BeforeAnswerHook> HOOKS = BeforeAnswerHook.installed();

    private final ServerRequest request;
    private final ServerResponse response;
    private final ApiContext context;
    private final RequestBudget limits;

    private final ConnectionGuard guard;
    /** Set once the request is marked for the audit log. */
    private AuditNote audit;
    /** The client as the node believes it (trusted proxies' {@code X-Forwarded-For} only). */
    private final java.net.InetAddress client;

    /** A held event-stream slot; closing it gives it back. */
    public interface Slot extends AutoCloseable {
        /**
         * Runs one write to the stream under the connection's stream-write deadline: a write blocked past
         * {@code http.stream_write_timeout_ms} has its connection closed, which ends the write with an error.
         */
        void write(Runnable write);

        @Override
        void close();
    }

    ApiCall(ServerRequest request, ServerResponse response, ApiContext context, RequestBudget limits,
            ConnectionGuard guard, java.net.InetAddress client) {
        this.client = client;
        this.request = request;
        this.response = response;
        this.context = context;
        this.limits = limits;
        this.guard = guard;
    }

    /** The rate limits' budget of this request: endpoints charge the work they did (jobs claimed, proofs). */
    public RequestBudget limits() {
        return limits;
    }

    /**
     * Takes one of the event-stream slots of the caller's address — {@link #remoteAddress}, so behind a trusted proxy
     * the forwarded client's — (429 past {@code http.max_event_streams_per_address}, 503 past
     * {@code http.max_event_streams}); closing it gives the slot back. While it is open the only deadline is on the
     * stream's writes ({@link Slot#write}): the node is the one writing.
     */
    public Slot eventStreamSlot() {
        ConnectionWatch watch = ConnectionGuard.current();
        if (watch == null) {
            return new Slot() {
                @Override
                public void write(Runnable write) {
                    write.run();
                }

                @Override
                public void close() {
                }
            };
        }
        guard.streamOpened(watch, client);
        return new Slot() {
            @Override
            public void write(Runnable write) {
                watch.streamWriteStarted();
                try {
                    write.run();
                } finally {
                    watch.streamWriteEnded();
                }
            }

            @Override
            public void close() {
                guard.streamClosed(watch);
            }
        };
    }

    /** How often a quiet event stream sends a heartbeat ({@code http.stream_heartbeat_ms}). */
    long streamHeartbeatMs() {
        return guard.streamHeartbeatMs();
    }

    public ServerRequest request() {
        return request;
    }

    public ServerResponse response() {
        return response;
    }

    /** The JSON body, at most {@code http.max_body_bytes}, with only {@code fields} allowed. */
    public RequestBody body(List<String> fields) {
        return RequestBody.parse(read(context.maxBodyBytes()), fields);
    }

    /**
     * A JSON body that may be larger than {@code http.max_body_bytes} — one carrying an encoding with its own bound
     * (a block, a transaction with a model) — read up to {@code limit}, never more than {@code http.max_upload_bytes}.
     */
    public RequestBody largeBody(List<String> fields, long limit) {
        return RequestBody.parse(read((int) Math.min(limit, context.maxUploadBytes())), fields);
    }

    /** Whether the body is raw bytes ({@code application/octet-stream}) rather than JSON. */
    public boolean hasRawBody() {
        return request.headers().contentType().map(type -> type.mediaType().text().equals(OCTET_STREAM))
                .orElse(false);
    }

    /**
     * A raw upload (a dataset, a large proof), at most {@code http.max_upload_bytes}; it must be sent as
     * {@code application/octet-stream}, naming {@code field} when it is not. Refused with 503 {@code storage_full}
     * when it would leave less free space than {@code storage.upload_free_space_reserve_mb}
     * ({@link UploadSpaceReserve}).
     */
    public byte[] upload(String field) {
        if (!hasRawBody()) {
            throw PouwException.invalid(field, "send it as the request body with Content-Type: " + OCTET_STREAM);
        }
        // Checked on the declared length before a byte is read, and on the real length before the endpoint writes
        // it (a chunked body declares none), so a refused upload leaves nothing behind. A length declared over the
        // upload limit counts as the limit: such a body is the limit's to refuse (413), not the disk's.
        context.uploadReserve().admit(field, Math.min(request.headers().contentLength().orElse(0),
                context.maxUploadBytes()));
        byte[] body = read(context.maxUploadBytes());
        context.uploadReserve().admit(field, body.length);
        return body;
    }

    /** Every value of a request header, in order; empty when it is missing. */
    public java.util.List<String> headerValues(String name) {
        return request.headers().contains(HeaderNames.create(name))
                ? request.headers().get(HeaderNames.create(name)).allValues() : java.util.List.of();
    }

    /** A request header, or an invalid-request error naming it when it is missing. */
    public String header(String name) {
        return request.headers().first(HeaderNames.create(name)).filter(value -> !value.isBlank())
                .orElseThrow(() -> PouwException.invalid(name, "header is required"));
    }

    public void bytes(byte[] body) {
        beforeSuccess(Status.OK_200);
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, OCTET_STREAM);
        response.send(body);
    }

    /** The body as raw bytes, at most {@code limit}: for formats that are parsed strictly elsewhere (the gate's). */
    public byte[] rawBody(int limit) {
        return read(limit);
    }

    /** The caller's address, for per-source limits. */
    /**
     * The client's address: the socket's peer, or behind one of {@code http.trusted_proxies} the first untrusted hop of
     * {@code X-Forwarded-For} — what the rate limits, the quarantine by address prefix and the gate's per-source
     * difficulty key on, so a proxy's clients are not all one address to them.
     */
    public java.net.InetAddress remoteAddress() {
        return client;
    }

    private byte[] read(int limit) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw new PouwException(Problem.BODY_TOO_LARGE, "body is " + declared.getAsLong()
                    + " bytes; the limit is " + limit);
        }
        byte[] bytes;
        // The body's deadlines (http.body_timeout_ms, http.min_body_bytes_per_second) run while this reads.
        ConnectionWatch watch = ConnectionGuard.current();
        if (watch != null) {
            watch.bodyReadStarted();
        }
        try (InputStream in = watch == null ? request.content().inputStream()
                : new CountingBodyStream(request.content().inputStream(), watch)) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException | RuntimeException e) {
            throw UnreadableBody.of(e);
        } finally {
            if (watch != null) {
                watch.bodyReadEnded();
            }
        }
        if (bytes.length > limit) {
            throw new PouwException(Problem.BODY_TOO_LARGE, "body is over the limit of " + limit + " bytes");
        }
        return bytes;
    }

    public String pathParam(String name) {
        return request.path().pathParameters().get(name);
    }

    public String query(String name, String fallback) {
        return request.query().first(name).orElse(fallback);
    }

    public long queryLong(String name, long fallback, long min, long max) {
        String text = request.query().first(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw PouwException.invalid(name, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw PouwException.invalid(name, "must be a whole number");
        }
    }

    /** The did of the authenticated caller; 401 without a valid bearer token. */
    public String caller() {
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.startsWith("Bearer ")) {
            throw new PouwException(Problem.UNAUTHORIZED, "Authorization: Bearer <token> is required"
                    + " (POST /v1/auth/challenge, then /v1/auth/token)");
        }
        Tokens tokens = context.tokens();
        String did = tokens.check(header.substring("Bearer ".length()).strip()).orElseThrow(() ->
                new PouwException(Problem.UNAUTHORIZED, "the bearer token is invalid or expired"));
        RequestLogContext.current().ifPresent(log -> log.did(did));
        return did;
    }

    /**
     * The did of a caller who sent a valid login token, if any; a request without one is anonymous here. A bearer
     * token that is not a valid login token is refused (401), never read as anonymous.
     */
    public java.util.Optional<String> optionalCaller() {
        if (request.headers().first(HeaderNames.AUTHORIZATION).isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(caller());
    }

    /** A JSON body sent as the exact bytes given (already canonical JSON, such as a signed challenge). */
    public void jsonBytes(byte[] body) {
        beforeSuccess(Status.OK_200);
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(body);
    }

    /** Whether {@code did} is the node's admin key. */
    public boolean isAdmin(String did) {
        return did.equals(context.adminDid());
    }

    /**
     * The caller, who must hold the node's admin key. The request is audited from here on, whatever its outcome: the
     * audit line names the route and its path parameters (endpoints add what else the action did).
     */
    public String admin() {
        audit(request.prologue().method().text() + " " + request.matchingPattern().orElse(request.path().path()));
        String did = caller();
        if (!did.equals(context.adminDid())) {
            throw new PouwException(Problem.FORBIDDEN, "this call needs the node's admin key");
        }
        return did;
    }

    /**
     * Marks this request for the audit log (docs/operations.md, "Logs") under {@code action}, with its path
     * parameters; the endpoint adds details and the ledger entries it made to the note returned.
     */
    public AuditNote audit(String action) {
        if (audit == null) {
            audit = RequestLogContext.current().map(log -> log.audit(action))
                    .orElseGet(() -> AuditNote.detached(action));
            var parameters = request.path().pathParameters();
            for (String name : parameters.names()) {
                audit.detail(name, parameters.get(name));
            }
        }
        return audit;
    }

    /** The audit note of a request already marked by {@link #admin} or {@link #audit}. */
    public AuditNote auditNote() {
        if (audit == null) {
            throw new IllegalStateException("this request was not marked for the audit log");
        }
        return audit;
    }

    /** Names the job this request is about on its log lines. */
    public void logJobId(String jobId) {
        RequestLogContext.current().ifPresent(log -> log.jobId(jobId));
    }

    public void json(JsonNode body) {
        json(Status.OK_200, body);
    }

    public void json(Status status, JsonNode body) {
        beforeSuccess(status);
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(ApiJson.bytes(body));
    }

    public void noContent() {
        beforeSuccess(Status.NO_CONTENT_204);
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    /** The endpoint's work is done (committed) and a success answer is about to go: the test hooks' moment. */
    private void beforeSuccess(Status status) {
        if (!HOOKS.isEmpty() && status.code() < 300) {
            String method = request.prologue().method().text();
            String route = request.matchingPattern().orElse(request.path().path());
            for (BeforeAnswerHook hook : HOOKS) {
                hook.beforeSuccess(method, route, status.code());
            }
        }
    }
}
