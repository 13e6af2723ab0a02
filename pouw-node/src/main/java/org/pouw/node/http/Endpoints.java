package org.pouw.node.http;

/** A group of routes; each area of the API (§5) is one. */
public interface Endpoints {
    void register(RouteTable routes);
}
