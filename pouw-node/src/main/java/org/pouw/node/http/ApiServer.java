package org.pouw.node.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.pouw.core.PouwException;
import org.pouw.node.metrics.NodeMetrics;
import tools.jackson.core.JacksonException;

/** The Helidon web server with every endpoint group, error mapping and HTTP metrics. */
public final class ApiServer {
    private final WebServer server;
    private final List<RouteTable.Route> routes;
    private final CountedConnections connections = new CountedConnections(Http1Config.create());

    public ApiServer(String host, int port, ApiContext context, List<Endpoints> endpoints, NodeMetrics metrics,
                     BooleanSupplier databaseReachable) {
        HttpRouting.Builder routing = HttpRouting.builder();
        routing.addFilter((chain, req, res) -> {
            long started = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                String route = req.matchingPattern().orElse("unmatched");
                metrics.httpRequest(req.prologue().method().text(), route, res.status().code(),
                        System.nanoTime() - started);
            }
        });
        RouteBinder bind = endpoint -> (ServerRequest req, ServerResponse res) -> run(endpoint, req, res, context,
                databaseReachable);
        RouteTable table = new RouteTable(routing, bind);
        for (Endpoints group : endpoints) {
            group.register(table);
        }
        routes = table.routes();
        routing.any((req, res) -> ApiErrors.send(res, PouwException.notFound("route "
                + req.prologue().method().text() + " " + req.path().path())));
        server = WebServer.builder().host(host).port(port).routing(routing).addConnectionSelector(connections)
                .build();
        metrics.connectionsOpen(connections::open);
    }

    private static void run(Consumer<ApiCall> endpoint, ServerRequest req, ServerResponse res, ApiContext context,
                            BooleanSupplier databaseReachable) {
        try {
            endpoint.accept(new ApiCall(req, res, context));
        } catch (PouwException e) {
            ApiErrors.send(res, e);
        } catch (JacksonException e) {
            ApiErrors.send(res, io.helidon.http.Status.BAD_REQUEST_400,
                    ApiErrors.body("malformed_json", "body is not valid JSON: " + e.getOriginalMessage(), null));
        } catch (RuntimeException e) {
            ApiErrors.sendUnexpected(res, e, databaseReachable);
        }
    }

    /** Every route served, for comparing with the published API document. */
    public List<RouteTable.Route> routes() {
        return routes;
    }

    public ApiServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        server.stop();
    }
}
