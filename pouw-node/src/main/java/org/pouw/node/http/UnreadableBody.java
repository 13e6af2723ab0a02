package org.pouw.node.http;

import io.helidon.http.RequestException;
import java.io.IOException;

/**
 * A request body that could not be read to its end: either its framing is malformed (a chunk size that is not hex, a
 * trailer where the end was due — the web server's decoder refuses it) or the client went away mid-body. Neither is
 * the node's fault, so neither is a 500 (issue 18, defect 2); {@link ApiServer} answers the first with one 400 and
 * closes the connection (what follows a broken frame cannot be trusted as a next request), and closes quietly on the
 * second.
 */
final class UnreadableBody extends RuntimeException {
    private final boolean clientGone;

    private UnreadableBody(String message, Throwable cause, boolean clientGone) {
        super(message, cause, false, false);
        this.clientGone = clientGone;
    }

    /** Whether the client left (nothing can be answered) rather than sent a malformed body. */
    boolean clientGone() {
        return clientGone;
    }

    /**
     * Classifies a failure of the body stream. The stream is the web server's decoder and nothing else runs in it, so
     * a failure is either I/O (the client went away) or the decoder refusing the framing ({@link RequestException},
     * or a chunk size that does not parse).
     */
    static UnreadableBody of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof io.helidon.webserver.ServerConnectionException
                    || t instanceof io.helidon.common.buffers.DataReader.InsufficientDataAvailableException) {
                return new UnreadableBody("the client closed the connection before its body ended", failure, true);
            }
        }
        String detail = failure instanceof RequestException || failure instanceof NumberFormatException
                ? ": " + failure.getMessage() : "";
        return new UnreadableBody("the body's framing is malformed" + detail, failure, false);
    }
}
