package org.pouw.client.jobs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which jobs {@code GET /v1/pouw/jobs} lists: every filter is optional (null), the page is {@code limit} long
 * (the node takes 1 to 500 and names the field otherwise) and starts after {@code cursor} (a previous page's {@code next_cursor}).
 */
public record JobFilter(String status, String kind, String tier, int limit, String cursor) {
    /** Every job, fifty at a time. */
    public static JobFilter all() {
        return new JobFilter(null, null, null, 50, null);
    }

    public JobFilter withStatus(String newStatus) {
        return new JobFilter(newStatus, kind, tier, limit, cursor);
    }

    public JobFilter withKind(String newKind) {
        return new JobFilter(status, newKind, tier, limit, cursor);
    }

    public JobFilter withTier(String newTier) {
        return new JobFilter(status, kind, newTier, limit, cursor);
    }

    public JobFilter withLimit(int newLimit) {
        return new JobFilter(status, kind, tier, newLimit, cursor);
    }

    public JobFilter withCursor(String newCursor) {
        return new JobFilter(status, kind, tier, limit, newCursor);
    }

    /** The query string, starting with {@code ?}. */
    public String query() {
        StringBuilder query = new StringBuilder("?limit=" + limit);
        append(query, "status", status);
        append(query, "kind", kind);
        append(query, "tier", tier);
        append(query, "cursor", cursor);
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
