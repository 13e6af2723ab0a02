package org.pouw.node.http;

/**
 * A node that was told to stop (SIGTERM) and is draining: {@code /readyz} turns away new traffic (404
 * {@code draining}, which HAProxy's {@code http-check disable-on-404} takes as "send no new requests, let the ones
 * in flight finish") while every request keeps being served, for {@code http.drain_ms}; only then does the server
 * stop. A load balancer that checks {@code /readyz} every {@code inter} and acts after {@code rise}/{@code fall}
 * checks has stopped sending by the time the port closes, so a rolling restart costs clients nothing.
 */
public final class Drain {
    private volatile boolean started;

    /** From now on the node says it is draining. */
    public void begin() {
        started = true;
    }

    public boolean started() {
        return started;
    }
}
