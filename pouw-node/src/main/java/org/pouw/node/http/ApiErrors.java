package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.BooleanSupplier;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.node.ratelimit.Admission;
import tools.jackson.databind.node.ObjectNode;

/**
 * The edge where outcomes become HTTP statuses (STYLE.md: mapping happens only here). Caller mistakes are 4xx with
 * {@code {"error":{"code","message","field"}}}; a database that does not answer is 503; anything else is a bug,
 * logged in full and answered 500 without internals.
 */
public final class ApiErrors {
    private static final Logger LOG = System.getLogger(ApiErrors.class.getName());

    private ApiErrors() {
    }

    public static Status status(Problem problem) {
        return switch (problem) {
            case INVALID_REQUEST, MALFORMED_JSON -> Status.BAD_REQUEST_400;
            case BODY_TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case UNAUTHORIZED -> Status.UNAUTHORIZED_401;
            case INSUFFICIENT_FUNDS -> Status.PAYMENT_REQUIRED_402;
            case FORBIDDEN, PROVER_BANNED -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case LEASE_LOST, CONFLICT -> Status.CONFLICT_409;
            case PROOF_INVALID, PROGRAM_INVALID, EXECUTION_FAILED -> Status.create(422, "Unprocessable Entity");
            case RATE_LIMITED, QUARANTINED -> Status.TOO_MANY_REQUESTS_429;
            case UNAVAILABLE, BUSY, CLAIMING_PAUSED, STORAGE_FULL, STORAGE_SYNC_FAILED, COMMIT_IN_DOUBT ->
                    Status.SERVICE_UNAVAILABLE_503;
        };
    }

    public static ObjectNode body(String code, String message, String field) {
        ObjectNode root = ApiJson.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return root;
    }

    public static void send(ServerResponse response, PouwException e) {
        // whole seconds, rounded up, so a client that waits as told finds the refusal over (a quarantine's end)
        long retryAfterSeconds = Math.max(1, Math.ceilDiv(e.retryAfterMs(), 1_000L));
        send(response, status(e.problem()), body(e.problem().code(), e.getMessage(), e.field()), retryAfterSeconds);
    }

    public static void send(ServerResponse response, Status status, ObjectNode body) {
        send(response, status, body, 1);
    }

    private static void send(ServerResponse response, Status status, ObjectNode body, long retryAfterSeconds) {
        if (response.isSent()) {
            return;
        }
        response.status(status);
        if (status.code() == 429 || status.code() == 503) {
            response.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(ApiJson.bytes(body));
    }

    /**
     * A rate limit's refusal (issue 18): 429, {@code Retry-After} in whole seconds, and the error naming the limit
     * ({@code "limit": "<class>.<scope>"}, the settings' {@code rate_limits.<class>.<scope>_*}).
     */
    public static void sendRateLimited(ServerResponse response, Admission.Denied denied) {
        ObjectNode body = body(Problem.RATE_LIMITED.code(), "rate limit " + denied.limit() + " is spent; retry after "
                + denied.retryAfterSeconds() + " s", null);
        ((ObjectNode) body.get("error")).put("limit", denied.limit());
        response.status(Status.TOO_MANY_REQUESTS_429);
        response.header(HeaderNames.RETRY_AFTER, Long.toString(denied.retryAfterSeconds()));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(ApiJson.bytes(body));
    }

    /**
     * The {@code closed} mode's refusal while the rate limits' Redis is lost: 503 {@code rate_limits_unavailable},
     * with {@code Retry-After} the time until the node tries Redis again and {@code "limit"} the route's class. It
     * promises nothing happened: the request was turned away before its endpoint ran.
     */
    public static void sendStoreLost(ServerResponse response, Admission.StoreLost lost) {
        ObjectNode body = body("rate_limits_unavailable", "the rate limits' shared store is unreachable and this"
                + " node refuses limited calls meanwhile (rate_limits.redis_lost = closed); lease calls are still"
                + " served; retry after " + lost.retryAfterSeconds() + " s", null);
        ((ObjectNode) body.get("error")).put("limit", lost.limitClass().wire());
        response.status(Status.SERVICE_UNAVAILABLE_503);
        response.header(HeaderNames.RETRY_AFTER, Long.toString(lost.retryAfterSeconds()));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(ApiJson.bytes(body));
    }

    /** Any other failure: 503 while the database is down, otherwise a logged 500. */
    public static void sendUnexpected(ServerResponse response, Throwable e, BooleanSupplier databaseReachable) {
        if (!databaseReachable.getAsBoolean()) {
            send(response, Status.SERVICE_UNAVAILABLE_503, body("unavailable", "the database is unreachable", null));
            return;
        }
        LOG.log(Level.ERROR, "request failed", e);
        send(response, Status.INTERNAL_SERVER_ERROR_500, body("internal", "internal error; see the node's log",
                null));
    }
}
