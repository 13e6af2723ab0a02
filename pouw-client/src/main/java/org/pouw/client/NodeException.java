package org.pouw.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The node answered with an error ({@code {"error":{"code","message"}}}, ARCHITECTURE.md §5) or could not be reached
 * at all. {@link #status()} is the HTTP status, or {@link #UNREACHABLE} when no answer came back.
 */
public class NodeException extends RuntimeException {
    /** The status used when there was no HTTP answer: connection refused, timeout, reset. */
    public static final int UNREACHABLE = 0;

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public NodeException(int status, String code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code == null ? "" : code;
        this.retryAfter = retryAfter;
    }

    public NodeException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    static NodeException unreachable(String message, Throwable cause) {
        return new NodeException(UNREACHABLE, "unreachable", message, null, cause);
    }

    /** The node answered 2xx with something this client cannot read: a node bug or a version mismatch. */
    static NodeException badResponse(String message) {
        return new NodeException(200, "bad_response", message);
    }

    public int status() {
        return status;
    }

    /** The node's {@code error.code} ({@code lease_lost}, {@code rate_limited}, …), or empty when it sent none. */
    public String code() {
        return code;
    }

    /** The node's {@code Retry-After}, when it sent one (429 and 503). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Worth retrying later: no answer, rate limited or overloaded (429), or a server-side failure (5xx, 503 while
     * the database is away). Anything else is the caller's fault and retrying the same request will not help.
     */
    public boolean isTransient() {
        return status == UNREACHABLE || status == 408 || status == 429 || status >= 500;
    }

    /** The lease-fenced calls (renew, submit, fail) answer 409 when the lease moved on (§6). */
    public boolean isLeaseLost() {
        return status == 409;
    }

    public boolean isRateLimited() {
        return status == 429;
    }

    @Override
    public String toString() {
        return "NodeException[" + (status == UNREACHABLE ? "unreachable" : status + " " + code) + "]: "
                + getMessage();
    }
}
