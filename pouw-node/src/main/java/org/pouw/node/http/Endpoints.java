package org.pouw.node.http;

import io.helidon.webserver.http.HttpRouting;

/** A group of routes; each area of the API (§5) is one. */
public interface Endpoints {
    void register(HttpRouting.Builder routing, RouteBinder bind);
}
