package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
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
    private static final Status CLIENT_CLOSED = Status.create(499, "Client Closed Request");
    private final WebServer server;
    private final List<RouteTable.Route> routes;

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
        server = WebServer.builder().host(host).port(port).routing(routing)
                .directHandlers(EdgeErrorHandler.all())
                // Hands the web server's own messages ("Header size exceeded", …) to EdgeErrorHandler; it shows them
                // for 4xx only.
                .errorHandling(errors -> errors.includeEntity(true))
                .build();
    }

    private static void run(Consumer<ApiCall> endpoint, ServerRequest req, ServerResponse res, ApiContext context,
                            BooleanSupplier databaseReachable) {
        try {
            endpoint.accept(new ApiCall(req, res, context));
        } catch (UnreadableBody e) {
            if (e.clientGone()) {
                // Recorded under 499 (nginx's "client closed request"): no answer can reach the client.
                res.status(CLIENT_CLOSED);
            } else {
                res.header(HeaderNames.CONNECTION, "close");
                ApiErrors.send(res, Status.BAD_REQUEST_400, ApiErrors.body("malformed_request", e.getMessage(), null));
            }
            throw new CloseConnectionException(e.getMessage());
        } catch (PouwException e) {
            ApiErrors.send(res, e);
        } catch (JacksonException e) {
            ApiErrors.send(res, Status.BAD_REQUEST_400,
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
