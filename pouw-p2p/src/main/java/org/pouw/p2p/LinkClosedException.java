package org.pouw.p2p;

/** A link that ended without a {@code reject}: the stream closed, timed out, or the node shut down. */
public final class LinkClosedException extends RuntimeException {
    public LinkClosedException(String message) {
        super(message);
    }
}
