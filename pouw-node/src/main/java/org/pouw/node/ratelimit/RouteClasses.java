package org.pouw.node.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which endpoint class each route belongs to (issue 18: "every endpoint class"), and which routes are lease calls.
 * Every {@code GET} only reads, so it is {@link LimitClass#READS}; every {@code POST} is listed here. A POST missing from
 * the list is limited as {@link LimitClass#INTENTS}, the strictest write class, and {@code RateLimitDocsTest} fails
 * naming it (docs/openapi.yaml gives every operation's class, and OpenApiDocumentIT holds the document to the routes
 * served), so a new route is classed on purpose.
 */
public final class RouteClasses {
    private static final Map<String, LimitClass> POSTS = new LinkedHashMap<>();

    /**
     * Lease calls: they act on a lease the caller holds. With a verified token they are exempt from the per-address
     * limits (a neighbour behind the same address cannot make an honest worker lose its leases); one that turns out
     * not to act on the caller's live lease is charged to the address afterwards.
     */
    private static final Set<String> LEASE_CALLS = Set.of("/v1/pouw/jobs/{id}/renew", "/v1/pouw/jobs/{id}/commit",
            "/v1/pouw/jobs/{id}/submit", "/v1/pouw/jobs/{id}/fail", "/v1/pouw/jobs/{id}/release",
            "/v1/pouw/jobs/submit-batch");

    /**
     * Routes that must answer whatever becomes of the limits' store: liveness, readiness and the metrics scrape. In
     * the {@code closed} mode a 503 here would make a load balancer take every node out over a limiter outage and
     * blind the operator to the very alert it raises.
     */
    private static final Set<String> PROBES = Set.of("/healthz", "/readyz", "/v1/pouw/metrics");

    static {
        post(LimitClass.AUTH, "/v1/auth/challenge", "/v1/auth/token", "/v1/challenges", "/v1/tokens");
        post(LimitClass.INTENTS, "/v1/intents", "/v1/intents/batch", "/v1/ml/datasets", "/v1/ml/initial-states", "/v1/ml/tasks",
                "/v1/ml/sweeps", "/v1/ml/sweeps/{id}/cancel", "/v1/ml/sweeps/{id}/final", "/v1/ledger/transfers", "/v1/chain/blocks", "/v1/chain/txs", "/v1/chain/datasets", "/v1/pouw/dead-letter/{id}/retry",
                "/v1/admin/partners", "/v1/admin/partners/{partner}/keys",
                "/v1/admin/partners/{partner}/keys/{prefix}/revoke", "/v1/admin/partners/{partner}/budget",
                "/v1/chain/reorg/accept", "/v1/net/peers", "/v1/net/peers/{peer}/disconnect", "/v1/net/bans",
                "/v1/net/bans/{subject}/lift", "/v1/admin/claiming/pause", "/v1/admin/claiming/resume",
                "/v1/admin/provers/{did}/ban", "/v1/admin/provers/{did}/unban", "/v1/admin/jobs/{id}/cancel",
                "/v1/admin/intents/{id}/cancel", "/v1/admin/log-level", "/v1/admin/token-secrets/reload");
        post(LimitClass.CLAIMS, "/v1/pouw/jobs/claim");
        post(LimitClass.SUBMISSIONS, "/v1/pouw/jobs/{id}/renew", "/v1/pouw/jobs/{id}/commit",
                "/v1/pouw/jobs/{id}/submit", "/v1/pouw/jobs/{id}/fail", "/v1/pouw/jobs/{id}/release",
                "/v1/pouw/jobs/submit-batch", "/v1/receipts");
        // display only, and bounded per lease by the market itself (TrainingProgress): not a lease call, so a flood
        // of them from one address is the address's to pay for
        post(LimitClass.SUBMISSIONS, "/v1/pouw/jobs/{id}/progress");
    }

    private RouteClasses() {
    }

    private static void post(LimitClass limitClass, String... paths) {
        for (String path : paths) {
            POSTS.put(path, limitClass);
        }
    }

    /** The class of a route, by method and path template. */
    public static LimitClass of(String method, String path) {
        if (method.equals("GET")) {
            return LimitClass.READS;
        }
        return POSTS.getOrDefault(path, LimitClass.INTENTS);
    }

    /** The class of a route listed here, or empty for a POST nobody classed. */
    public static Optional<LimitClass> listed(String method, String path) {
        return method.equals("GET") ? Optional.of(LimitClass.READS) : Optional.ofNullable(POSTS.get(path));
    }

    public static boolean isLeaseCall(String method, String path) {
        return method.equals("POST") && LEASE_CALLS.contains(path);
    }

    /**
     * Whether the route is still served while the shared store is lost in the {@code closed} mode
     * ({@code rate_limits.redis_lost}): lease calls (a worker never loses a lease to a limiter outage) and probes.
     */
    public static boolean servedWhenStoreLost(String method, String path) {
        return isLeaseCall(method, path) || method.equals("GET") && PROBES.contains(path);
    }
}
