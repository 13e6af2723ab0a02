package org.pouw.node.http;

/** A group of routes; each area of the API (§5) is one. */
public interface Endpoints {
    void register(RouteTable routes);

    /**
     * The edge's rate limits refused a request for {@code route}, one of this group's, with 429 before its endpoint
     * ran: for a group that counts its refusals by reason (the gate's receipts and tokens, {@code rate_limited}).
     */
    default void rateLimited(RouteTable.Route route) {
    }
}
