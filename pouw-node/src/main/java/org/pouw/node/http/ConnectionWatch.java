package org.pouw.node.http;

import io.helidon.webserver.CloseConnectionException;
import java.nio.charset.StandardCharsets;
import org.pouw.node.config.HttpLimits;

/**
 * One open connection as {@link ConnectionGuard} sees it: whose turn it is and since when. The client's turns have
 * deadlines (its first request's head, the wait between requests, the next head, a body); handling a request, the
 * node's own turn, has none. An event stream is the node's turn too, but one write to it must not block longer than
 * {@code streamWriteTimeoutMs}: a client that stops taking events would otherwise hold its stream slot, and the
 * connection's thread, until the node stops. Phases are set on the connection's own thread; the guard's sweeper judges
 * them and closes a connection whose client turn ran out.
 *
 * <p>The phase and its start change together under the watch's lock, and the sweeper's judgement claims the
 * connection in the same step ({@link #expire}): it never acts on a phase that has already moved on. Once claimed, the
 * connection's own answer is stopped before a byte of it is written ({@link #responseStarted} throws), so a client
 * gets either the node's answer or the sweeper's 408, never both — a 408 arriving after a complete answer lands on a
 * connection the client has put back in its pool ("Data received while in pool", issue 18).
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
        /** An event stream is open: the node writes; the client must take each write within its deadline. */
        STREAM,
        /** The sweeper has claimed it: nothing more is written by the node's own answers. */
        CLOSED
    }

    private final ConnectionLine line;
    private final String address;
    private final String refusal;
    // guarded by this
    private Phase phase = Phase.FIRST_HEAD;
    private long phaseStartedNanos;
    private long lastBodyBytesNanos;
    private long bodyBytes;
    private boolean streamWriting;
    private long streamWriteStartedNanos;
    private volatile String closedFor;
    /** The client key whose event-stream slot this connection holds, or null. */
    private String eventStreamOf;

    ConnectionWatch(ConnectionLine line, String address, String refusal, long nowNanos) {
        this.line = line;
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

    synchronized String eventStreamOf() {
        return eventStreamOf;
    }

    synchronized void holdsEventStream(String clientKey) {
        eventStreamOf = clientKey;
    }

    synchronized void requestLineRead() {
        if (phase == Phase.WAITING) {
            enter(Phase.HEAD);
        }
    }

    synchronized void headersRead() {
        enter(Phase.HANDLING);
    }

    /**
     * The node's answer is about to be written. Refused with {@link CloseConnectionException} when the sweeper has
     * claimed the connection: its 408 (or its silent close) is the last thing the client gets.
     */
    synchronized void responseStarted() {
        if (phase == Phase.CLOSED) {
            throw new CloseConnectionException("closed for " + closedFor + " before the answer was written");
        }
        if (phase != Phase.STREAM) {
            enter(Phase.WAITING);
        }
    }

    synchronized void bodyReadStarted() {
        bodyBytes = 0;
        lastBodyBytesNanos = System.nanoTime();
        enter(Phase.BODY);
    }

    synchronized void bodyBytesRead(int count) {
        bodyBytes += count;
        lastBodyBytesNanos = System.nanoTime();
    }

    synchronized void bodyReadEnded() {
        if (phase == Phase.BODY) {
            enter(Phase.HANDLING);
        }
    }

    synchronized void streamStarted() {
        enter(Phase.STREAM);
    }

    synchronized void streamEnded() {
        streamWriting = false;
        enter(Phase.WAITING);
    }

    /** A write to the event stream starts; it may block while the client's receive window is full. */
    synchronized void streamWriteStarted() {
        streamWriting = true;
        streamWriteStartedNanos = System.nanoTime();
    }

    synchronized void streamWriteEnded() {
        streamWriting = false;
    }

    private void enter(Phase next) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phaseStartedNanos = System.nanoTime();
        phase = next;
    }

    /**
     * Judges the connection at {@code nowNanos} and, when it has passed a deadline, claims it for closing in the same
     * step: returns the deadline's name ({@code header_timeout}, {@code idle_timeout}, {@code body_timeout},
     * {@code body_too_slow}), after which {@link #hangUp} must follow. Null when it is within its deadlines, in the
     * node's turn, or already claimed.
     */
    synchronized String expire(long nowNanos, HttpLimits limits) {
        long inPhaseMs = (nowNanos - phaseStartedNanos) / 1_000_000;
        String overdue = switch (phase) {
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
            case STREAM -> streamWriting && (nowNanos - streamWriteStartedNanos) / 1_000_000
                    > limits.streamWriteTimeoutMs() ? "stream_write_stalled" : null;
            case HANDLING, CLOSED -> null;
        };
        if (overdue != null) {
            closedFor = overdue;
            phase = Phase.CLOSED;
        }
        return overdue;
    }

    /**
     * Closes a connection {@link #expire} claimed for {@code reason}. A client that was sending a request is told why
     * (408 with the JSON error) first; an idle one is just closed, as HTTP allows — a write there would reach a
     * connection the client holds idle in its pool — and so is a stalled event stream, whose client takes nothing
     * (closing the socket is also what ends the write blocked on it). The node's own answer can no longer start, so this write races
     * no other; it may block on a client that does not read, so the guard runs it off its sweeper thread.
     */
    void hangUp(String reason) {
        try {
            if (!reason.equals("idle_timeout") && !reason.equals("stream_write_stalled")) {
                String message = switch (reason) {
                    case "header_timeout" -> "the request line and headers did not arrive in time";
                    case "body_timeout" -> "the body stopped arriving";
                    default -> "the body arrived slower than the node's minimum rate";
                };
                byte[] body = ApiJson.bytes(ApiErrors.body("request_timeout", message, null));
                byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] out = new byte[head.length + body.length];
                System.arraycopy(head, 0, out, 0, head.length);
                System.arraycopy(body, 0, out, head.length, body.length);
                line.write(out);
            }
        } catch (RuntimeException clientAlreadyGone) {
            // Nothing more to tell it.
        } finally {
            try {
                line.hangUp();
            } catch (RuntimeException alreadyClosed) {
                // The connection ended on its own meanwhile.
            }
        }
    }
}
