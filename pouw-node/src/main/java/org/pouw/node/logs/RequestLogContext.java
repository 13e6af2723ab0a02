package org.pouw.node.logs;

import java.util.Optional;

/**
 * What a log line written while a request is served says about that request: its id, the caller's did once it is
 * known, the job it names, and the audit note of an admin action or a manual transfer. Held per thread: the web
 * server serves each request on its own (virtual) thread, and the node's log handler formats on the thread that
 * logs, so a line written anywhere below an endpoint carries its request's fields.
 */
public final class RequestLogContext {
    private static final ThreadLocal<RequestLogContext> CURRENT = new ThreadLocal<>();

    private final String requestId;
    private volatile String did;
    private volatile String jobId;
    private volatile AuditNote audit;

    private RequestLogContext(String requestId) {
        this.requestId = requestId;
    }

    /** Starts the context of a request on this thread; {@link #end} must follow in a {@code finally}. */
    public static RequestLogContext begin(String requestId) {
        RequestLogContext context = new RequestLogContext(requestId);
        CURRENT.set(context);
        return context;
    }

    public static void end() {
        CURRENT.remove();
    }

    /** The request served on this thread, if any. */
    public static Optional<RequestLogContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public String requestId() {
        return requestId;
    }

    public Optional<String> did() {
        return Optional.ofNullable(did);
    }

    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    public Optional<AuditNote> audit() {
        return Optional.ofNullable(audit);
    }

    public void did(String value) {
        did = value;
    }

    public void jobId(String value) {
        jobId = value;
    }

    /** Marks the request as audited (an admin action, a manual transfer); the first mark wins. */
    public AuditNote audit(String action) {
        AuditNote note = audit;
        if (note == null) {
            note = new AuditNote(action);
            audit = note;
        }
        return note;
    }
}
