package org.pouw.node.http;

import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where endpoint groups declare their routes: each is registered with Helidon and remembered, so the served API can
 * be compared with docs/openapi.yaml.
 */
public final class RouteTable {
    /** A method and path template, e.g. {@code POST /v1/pouw/jobs/{id}/submit}. */
    public record Route(String method, String path) {
    }

    private final HttpRouting.Builder routing;
    private final RouteBinder bind;
    private final List<Route> routes = new ArrayList<>();

    RouteTable(HttpRouting.Builder routing, RouteBinder bind) {
        this.routing = routing;
        this.bind = bind;
    }

    public void get(String path, Consumer<ApiCall> endpoint) {
        Route route = new Route("GET", path);
        routing.get(path, bind.to(route, endpoint));
        routes.add(route);
    }

    public void post(String path, Consumer<ApiCall> endpoint) {
        Route route = new Route("POST", path);
        routing.post(path, bind.to(route, endpoint));
        routes.add(route);
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }
}
