package org.pouw.client.jobs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which jobs {@code GET /v1/pouw/jobs} lists: every filter is optional (null), the page is {@code limit} long
 * (the node takes 1 to 500 and names the field otherwise) and starts after {@code cursor} (a previous page's
 * {@code next_cursor}); {@code order} is {@code oldest} (the node's default) or {@code newest}, {@code prover} a DID
 * whose attempts the jobs must have.
 */
public record JobFilter(String status, String kind, String tier, String prover, String order, int limit,
                        String cursor) {
    /** Every job, fifty at a time, oldest first. */
    public static JobFilter all() {
        return new JobFilter(null, null, null, null, null, 50, null);
    }

    public JobFilter withStatus(String newStatus) {
        return new JobFilter(newStatus, kind, tier, prover, order, limit, cursor);
    }

    public JobFilter withKind(String newKind) {
        return new JobFilter(status, newKind, tier, prover, order, limit, cursor);
    }

    public JobFilter withTier(String newTier) {
        return new JobFilter(status, kind, newTier, prover, order, limit, cursor);
    }

    public JobFilter withProver(String newProver) {
        return new JobFilter(status, kind, tier, newProver, order, limit, cursor);
    }

    /** Newest first (the console's order) instead of the node's default, oldest first. */
    public JobFilter newestFirst() {
        return new JobFilter(status, kind, tier, prover, "newest", limit, cursor);
    }

    public JobFilter withLimit(int newLimit) {
        return new JobFilter(status, kind, tier, prover, order, newLimit, cursor);
    }

    public JobFilter withCursor(String newCursor) {
        return new JobFilter(status, kind, tier, prover, order, limit, newCursor);
    }

    /** The query string, starting with {@code ?}. */
    public String query() {
        StringBuilder query = new StringBuilder("?limit=" + limit);
        append(query, "status", status);
        append(query, "kind", kind);
        append(query, "tier", tier);
        append(query, "prover", prover);
        append(query, "order", order);
        append(query, "cursor", cursor);
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
