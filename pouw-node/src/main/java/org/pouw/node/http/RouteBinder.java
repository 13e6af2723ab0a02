package org.pouw.node.http;

import io.helidon.webserver.http.Handler;
import java.util.function.Consumer;

/** Turns an endpoint body taking an {@link ApiCall} into a Helidon handler for {@code route}. */
@FunctionalInterface
public interface RouteBinder {
    Handler to(RouteTable.Route route, Consumer<ApiCall> endpoint);
}
