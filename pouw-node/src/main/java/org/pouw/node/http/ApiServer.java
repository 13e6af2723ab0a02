package org.pouw.node.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.node.ratelimit.Admission;
import org.pouw.node.ratelimit.LimitClass;
import org.pouw.node.ratelimit.RequestBudget;
import org.pouw.node.ratelimit.RequestLimiter;
import org.pouw.node.ratelimit.RouteClasses;
import org.pouw.node.metrics.NodeMetrics;
import tools.jackson.core.JacksonException;

/** The Helidon web server with every endpoint group, error mapping and HTTP metrics. */
public final class ApiServer {
    private final WebServer server;
    private final List<RouteTable.Route> routes;

    public ApiServer(String host, int port, ApiContext context, List<Endpoints> endpoints, NodeMetrics metrics,
                     BooleanSupplier databaseReachable, RequestLimiter limiter) {
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
        RouteBinder bind = (route, endpoint) -> {
            LimitClass limitClass = RouteClasses.of(route.method(), route.path());
            boolean leaseCall = RouteClasses.isLeaseCall(route.method(), route.path());
            return (ServerRequest req, ServerResponse res) -> {
                Admission admission = EdgeAdmission.admit(limiter, limitClass, leaseCall, req, context.tokens());
                if (admission instanceof Admission.Denied denied) {
                    ApiErrors.sendRateLimited(res, denied);
                } else {
                    run(endpoint, req, res, context, databaseReachable, ((Admission.Admitted) admission).budget());
                }
            };
        };
        RouteTable table = new RouteTable(routing, bind);
        for (Endpoints group : endpoints) {
            group.register(table);
        }
        routes = table.routes();
        // A request for no route is a read of nothing: limited like one, so probing paths is not free.
        routing.any((req, res) -> {
            if (EdgeAdmission.admit(limiter, LimitClass.READS, false, req, context.tokens())
                    instanceof Admission.Denied denied) {
                ApiErrors.sendRateLimited(res, denied);
                return;
            }
            ApiErrors.send(res, PouwException.notFound("route " + req.prologue().method().text() + " "
                    + req.path().path()));
        });
        server = WebServer.builder().host(host).port(port).routing(routing).build();
    }

    private static void run(Consumer<ApiCall> endpoint, ServerRequest req, ServerResponse res, ApiContext context,
                            BooleanSupplier databaseReachable, RequestBudget budget) {
        try {
            endpoint.accept(new ApiCall(req, res, context, budget));
        } catch (PouwException e) {
            if (e.problem() != Problem.UNAVAILABLE) {
                // A lease call refused (lease lost, unknown job, bad input) acted on no live lease of the caller.
                budget.notLiveLease(1);
            }
            ApiErrors.send(res, e);
        } catch (JacksonException e) {
            budget.notLiveLease(1);
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
