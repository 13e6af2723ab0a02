package org.pouw.cli.failover;

import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Supplier;
import org.pouw.client.NodeException;

/**
 * What a client may conclude from one call (issue 24, ground rules): <b>acked</b> (a success was seen: it happened
 * and must survive), <b>refused</b> (an error that promises nothing happened: bad input, a conflict, a limit, or a 503
 * the node gives before it does any work) or <b>in doubt</b> (no answer, a timeout, a 500, or a 503 {@code unavailable}
 * — the database may have committed the call before it went away). Only an in-doubt call may be sent again blind, and
 * only with its idempotency key, which must make it happen exactly once.
 */
record CallOutcome(Kind kind, int status, String code) {
    enum Kind { ACKED, REFUSED, IN_DOUBT }

    /** 503s the node answers before an endpoint's work starts, or after rolling it back: nothing happened. */
    private static final Set<String> REFUSING_503 = Set.of("busy", "rate_limits_unavailable", "storage_full",
            "storage_sync_failed", "claiming_paused", "too_many_connections");

    /** Classifies an HTTP answer by its status and error code (null for none). */
    static CallOutcome of(int status, String code) {
        if (status >= 200 && status < 300) {
            return new CallOutcome(Kind.ACKED, status, code);
        }
        boolean refused = status >= 400 && status < 500 && status != 408
                || status == 503 && code != null && REFUSING_503.contains(code);
        return new CallOutcome(refused ? Kind.REFUSED : Kind.IN_DOUBT, status, code);
    }

    /** Classifies a {@link ScenarioNode} answer. */
    static CallOutcome of(ScenarioNode.Reply reply) {
        return of(reply.status(), errorCode(reply.body()));
    }

    /** Runs a client call and classifies how it ended; a connection that dropped is in doubt. */
    static CallOutcome of(Supplier<?> call) {
        try {
            call.get();
            return new CallOutcome(Kind.ACKED, 200, null);
        } catch (NodeException e) {
            return e.status() == NodeException.UNREACHABLE ? new CallOutcome(Kind.IN_DOUBT, 0, null)
                    : of(e.status(), e.code());
        } catch (UncheckedIOException noAnswer) {
            return new CallOutcome(Kind.IN_DOUBT, 0, null);
        }
    }

    /** A raw POST through {@link ScenarioNode#post}: a connection that dropped is in doubt. */
    static CallOutcome ofPost(Supplier<ScenarioNode.Reply> post) {
        try {
            return of(post.get());
        } catch (UncheckedIOException noAnswer) {
            return new CallOutcome(Kind.IN_DOUBT, 0, null);
        }
    }

    boolean inDoubt() {
        return kind == Kind.IN_DOUBT;
    }

    /** The {@code error.code} of an error body, or null. */
    static String errorCode(String body) {
        int at = body == null ? -1 : body.indexOf("\"code\":\"");
        return at < 0 ? null : body.substring(at + 8, body.indexOf('"', at + 8));
    }
}
