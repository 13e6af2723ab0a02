package org.pouw.node.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * The errors the HTTP layer answers before any endpoint runs — a malformed or oversized request line or header, an
 * unsupported HTTP version or transfer coding, a connection refused at a cap — written as the same
 * {@code {"error":{"code","message"}}} JSON as every other error (issue 18, defect 6), with its Content-Type.
 */
final class EdgeErrorHandler implements DirectHandler {
    /** The web server's wording for a header block over its limit; a test pins it, so an upgrade cannot lose the 431. */
    private static final String HEADER_TOO_LARGE = "Header size exceeded";

    static DirectHandlers all() {
        EdgeErrorHandler handler = new EdgeErrorHandler();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        Status status = defaultStatus;
        if (status.code() == 400 && HEADER_TOO_LARGE.equals(message)) {
            status = Status.create(431, "Request Header Fields Too Large");
        }
        String code = code(status.code());
        String text = status.code() >= 500 && status.code() != 501 && status.code() != 505 || message == null
                || message.isBlank() ? status.reasonPhrase() : message;
        ServerResponseHeaders headers = ServerResponseHeaders.create(responseHeaders);
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        if (status.code() == 503 || status.code() == 429) {
            headers.set(HeaderNames.RETRY_AFTER, "1");
        }
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(ApiJson.bytes(ApiErrors.body(code, text, null)))
                .build();
    }

    /** The error code of a status the HTTP layer answers itself; docs/api.md lists them. */
    static String code(int status) {
        return switch (status) {
            case 400 -> "malformed_request";
            case 403 -> "forbidden";
            case 408 -> "request_timeout";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 429 -> "rate_limited";
            case 431 -> "header_too_large";
            case 501 -> "not_implemented";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
    }
}
