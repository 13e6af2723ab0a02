package org.pouw.node.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import java.nio.charset.StandardCharsets;
import org.pouw.node.config.HttpLimits;

/**
 * One open connection as {@link ConnectionGuard} sees it: whose turn it is and since when. The client's turns have
 * deadlines (its first request's head, the wait between requests, the next head, a body); the node's turns (handling
 * a request, streaming events) have none. Phases are set on the connection's own thread; the guard's sweeper reads
 * them and closes a connection whose client turn ran out.
 */
public final class ConnectionWatch {
    enum Phase {
        /** A fresh connection: its first request line and headers are due {@code headerTimeoutMs} after accept. */
        FIRST_HEAD,
        /** Between requests on a kept-alive connection. */
        WAITING,
        /** Reading the headers after a request line. */
        HEAD,
        /** The node is working on the request. */
        HANDLING,
        /** An endpoint is reading the body. */
        BODY,
        /** An event stream is open: the node writes, nothing is due from the client. */
        STREAM
    }

    private final ConnectionContext ctx;
    private final String address;
    private final String refusal;
    private volatile Phase phase = Phase.FIRST_HEAD;
    private volatile long phaseStartedNanos;
    private volatile long lastBodyBytesNanos;
    private volatile long bodyBytes;
    private volatile String closedFor;
    private boolean holdsEventStream;

    ConnectionWatch(ConnectionContext ctx, String address, String refusal, long nowNanos) {
        this.ctx = ctx;
        this.address = address;
        this.refusal = refusal;
        this.phaseStartedNanos = nowNanos;
    }

    String address() {
        return address;
    }

    /** Why the connection is refused at a cap ({@code too_many_connections} …), or null when it is served. */
    String refusal() {
        return refusal;
    }

    /** The deadline that closed the connection, or null. */
    String closedFor() {
        return closedFor;
    }

    boolean holdsEventStream() {
        return holdsEventStream;
    }

    void holdsEventStream(boolean holds) {
        holdsEventStream = holds;
    }

    void requestLineRead() {
        if (phase == Phase.WAITING) {
            enter(Phase.HEAD);
        }
    }

    void headersRead() {
        enter(Phase.HANDLING);
    }

    void responseStarted() {
        if (phase != Phase.STREAM) {
            enter(Phase.WAITING);
        }
    }

    void bodyReadStarted() {
        bodyBytes = 0;
        lastBodyBytesNanos = System.nanoTime();
        enter(Phase.BODY);
    }

    void bodyBytesRead(int count) {
        bodyBytes += count;
        lastBodyBytesNanos = System.nanoTime();
    }

    void bodyReadEnded() {
        if (phase == Phase.BODY) {
            enter(Phase.HANDLING);
        }
    }

    void streamStarted() {
        enter(Phase.STREAM);
    }

    void streamEnded() {
        enter(Phase.WAITING);
    }

    private void enter(Phase next) {
        phaseStartedNanos = System.nanoTime();
        phase = next;
    }

    /** The deadline this connection has passed at {@code nowNanos}, or null. */
    String overdue(long nowNanos, HttpLimits limits) {
        long inPhaseMs = (nowNanos - phaseStartedNanos) / 1_000_000;
        return switch (phase) {
            case FIRST_HEAD, HEAD -> inPhaseMs > limits.headerTimeoutMs() ? "header_timeout" : null;
            case WAITING -> inPhaseMs > limits.idleTimeoutMs() ? "idle_timeout" : null;
            case BODY -> {
                long stalledMs = (nowNanos - lastBodyBytesNanos) / 1_000_000;
                if (stalledMs > limits.bodyTimeoutMs()) {
                    yield "body_timeout";
                }
                long pastGraceMs = inPhaseMs - limits.bodyTimeoutMs();
                yield pastGraceMs > 0 && bodyBytes < limits.minBodyBytesPerSecond() * pastGraceMs / 1000
                        ? "body_too_slow" : null;
            }
            case HANDLING, STREAM -> null;
        };
    }

    /**
     * Closes the connection for {@code reason}. A client that was sending a request is told why (408 with the JSON
     * error) first; an idle one is just closed, as HTTP allows. Runs on the sweeper, while the connection's thread is
     * blocked reading, so the write does not race another write.
     */
    void close(String reason) {
        if (closedFor != null) {
            return;
        }
        closedFor = reason;
        try {
            if (!reason.equals("idle_timeout")) {
                String message = switch (reason) {
                    case "header_timeout" -> "the request line and headers did not arrive in time";
                    case "body_timeout" -> "the body stopped arriving";
                    default -> "the body arrived slower than the node's minimum rate";
                };
                byte[] body = ApiJson.bytes(ApiErrors.body("request_timeout", message, null));
                byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                BufferData out = BufferData.create(head.length + body.length);
                out.write(head);
                out.write(body);
                ctx.serverSocket().write(out);
            }
        } catch (RuntimeException clientAlreadyGone) {
            // Nothing more to tell it.
        } finally {
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException alreadyClosed) {
                // The connection ended on its own meanwhile.
            }
        }
    }
}
