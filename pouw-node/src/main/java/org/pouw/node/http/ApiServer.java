package org.pouw.node.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.node.logs.AccessLog;
import org.pouw.node.logs.AuditLog;
import org.pouw.node.logs.RequestIds;
import org.pouw.node.logs.RequestLogContext;
import org.pouw.node.ratelimit.Admission;
import org.pouw.node.ratelimit.LimitClass;
import org.pouw.node.ratelimit.RequestBudget;
import org.pouw.node.ratelimit.RequestLimiter;
import org.pouw.node.ratelimit.RouteClasses;
import org.pouw.node.config.HttpLimits;
import org.pouw.node.metrics.NodeMetrics;
import tools.jackson.core.JacksonException;

/** The Helidon web server with every endpoint group, error mapping and HTTP metrics. */
public final class ApiServer {
    private static final Status CLIENT_CLOSED = Status.create(499, "Client Closed Request");
    private static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);
    private final WebServer server;
    private final ConnectionGuard guard;
    private final List<RouteTable.Route> routes;

    public ApiServer(String host, int port, ApiContext context, List<Endpoints> endpoints, NodeMetrics metrics,
                     BooleanSupplier databaseReachable, RequestLimiter limiter, HttpLimits limits,
                     AccessLog accessLog) {
        ConnectionGuard guard = new ConnectionGuard(limits, limiter.addresses());
        this.guard = guard;
        // Which group registered each route, filled before the server starts and only read after.
        Map<RouteTable.Route, Endpoints> owners = new HashMap<>();
        HttpRouting.Builder routing = HttpRouting.builder();
        routing.addFilter((chain, req, res) -> {
            long started = System.nanoTime();
            RequestLogContext logContext = RequestLogContext.begin(RequestIds.of(
                    limiter.addresses().isTrustedProxy(EdgeAdmission.peer(req)),
                    req.headers().all(REQUEST_ID, List::of)));
            res.header(REQUEST_ID, logContext.requestId());
            try {
                refuseOverCap(res, limits);
                chain.proceed();
            } finally {
                try {
                    String route = req.matchingPattern().orElse("unmatched");
                    String method = req.prologue().method().text();
                    int status = res.status().code();
                    long nanos = System.nanoTime() - started;
                    metrics.httpRequest(method, route, status, nanos);
                    logContext.audit().ifPresent(note -> AuditLog.write(note, status));
                    if (accessLog.sampled()) {
                        accessLog.write(method, route, req.path().rawPath(), status, nanos / 1_000,
                                EdgeAdmission.client(limiter, req).getHostAddress());
                    }
                } finally {
                    RequestLogContext.end();
                }
            }
        });
        RouteBinder bind = (route, endpoint) -> {
            LimitClass limitClass = RouteClasses.of(route.method(), route.path());
            boolean leaseCall = RouteClasses.isLeaseCall(route.method(), route.path());
            boolean keepsServing = RouteClasses.servedWhenStoreLost(route.method(), route.path());
            return (ServerRequest req, ServerResponse res) -> {
                InetAddress client = EdgeAdmission.client(limiter, req);
                Admission admission = EdgeAdmission.admit(limiter, limitClass, leaseCall, keepsServing, client, req,
                        context);
                if (admission instanceof Admission.StoreLost lost) {
                    ApiErrors.sendStoreLost(res, lost);
                } else if (admission instanceof Admission.Denied denied) {
                    Endpoints owner = owners.get(route);
                    if (owner != null) {
                        owner.rateLimited(route);
                    }
                    ApiErrors.sendRateLimited(res, denied);
                } else {
                    run(endpoint, req, res, context, databaseReachable, ((Admission.Admitted) admission).budget(),
                            guard, client);
                }
            };
        };
        RouteTable table = new RouteTable(routing, bind);
        for (Endpoints group : endpoints) {
            int known = table.routes().size();
            group.register(table);
            for (RouteTable.Route route : table.routes().subList(known, table.routes().size())) {
                owners.put(route, group);
            }
        }
        routes = table.routes();
        // A request for no route is a read of nothing: limited like one, so probing paths is not free.
        routing.any((req, res) -> {
            Admission admission = EdgeAdmission.admit(limiter, LimitClass.READS, false, false,
                    EdgeAdmission.client(limiter, req), req, context);
            if (admission instanceof Admission.StoreLost lost) {
                ApiErrors.sendStoreLost(res, lost);
                return;
            }
            if (admission instanceof Admission.Denied denied) {
                ApiErrors.sendRateLimited(res, denied);
                return;
            }
            ApiErrors.send(res, PouwException.notFound("route " + req.prologue().method().text() + " "
                    + req.path().path()));
        });
        server = WebServer.builder().host(host).port(port).routing(routing)
                // HTTP/1.1 only, and every connection through the guard (a discovered protocol would bypass it).
                .protocolsDiscoverServices(false)
                // No stop hook of Helidon's own: it would close the port the moment SIGTERM comes, in parallel with
                // the node's drain (PouwNode.close), so a load balancer would never see /readyz say "draining" and
                // would cut the requests in flight when it found the port closed. The node stops its server itself.
                .shutdownHook(false)
                .addConnectionSelector(guard.selector(Http1Config.builder().name("@default")))
                // The hard bound on sockets: room past the cap for connections that are being refused.
                .maxTcpConnections(limits.maxConnections() + Math.max(64, limits.maxConnections() / 8))
                .directHandlers(EdgeErrorHandler.all())
                // Hands the web server's own messages ("Header size exceeded", …) to EdgeErrorHandler; it shows them
                // for 4xx only.
                .errorHandling(errors -> errors.includeEntity(true))
                .build();
        metrics.connectionsOpen(guard::open);
    }

    /**
     * A connection over a cap gets one answer, naming the cap, and is closed: 429 over its address's share (the
     * client can use fewer), 503 over the node's total.
     */
    private static void refuseOverCap(ServerResponse res, HttpLimits limits) {
        ConnectionWatch watch = ConnectionGuard.current();
        if (watch == null || watch.refusal() == null) {
            return;
        }
        boolean fromAddress = watch.refusal().equals("too_many_connections_from_address");
        res.header(HeaderNames.CONNECTION, "close");
        ApiErrors.send(res, fromAddress ? Status.TOO_MANY_REQUESTS_429 : Status.SERVICE_UNAVAILABLE_503,
                ApiErrors.body("too_many_connections", fromAddress
                        ? "too many connections open from this address (at most "
                        + limits.maxConnectionsPerAddress() + ", http.max_connections_per_address)"
                        : "too many connections open on this node (at most " + limits.maxConnections()
                        + ", http.max_connections)", null));
        throw new CloseConnectionException("connection over a cap");
    }

    private static void run(Consumer<ApiCall> endpoint, ServerRequest req, ServerResponse res, ApiContext context,
                            BooleanSupplier databaseReachable, RequestBudget budget, ConnectionGuard guard,
                            InetAddress client) {
        try {
            endpoint.accept(new ApiCall(req, res, context, budget, guard, client));
        } catch (UnreadableBody e) {
            ConnectionWatch watch = ConnectionGuard.current();
            if (e.clientGone() && watch != null && watch.closedFor() != null) {
                // The guard closed it: the body did not come in time (the client was told with a 408).
                res.status(Status.REQUEST_TIMEOUT_408);
            } else if (e.clientGone()) {
                // Recorded under 499 (nginx's "client closed request"): no answer can reach the client.
                res.status(CLIENT_CLOSED);
            } else {
                res.header(HeaderNames.CONNECTION, "close");
                ApiErrors.send(res, Status.BAD_REQUEST_400, ApiErrors.body("malformed_request", e.getMessage(), null));
            }
            throw new CloseConnectionException(e.getMessage());
        } catch (CloseConnectionException e) {
            // the deadline sweeper has answered this connection with its 408 (ConnectionWatch.responseStarted)
            throw e;
        } catch (PouwException e) {
            if (e.problem() != Problem.UNAVAILABLE) {
                // A lease call refused (lease lost, unknown job, bad input) acted on no live lease of the caller.
                budget.notLiveLease(1);
            }
            ApiErrors.send(res, e);
        } catch (JacksonException e) {
            budget.notLiveLease(1);
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
        guard.close();
    }
}
