package org.pouw.client.jobs;

import org.pouw.client.NodeException;
import tools.jackson.databind.JsonNode;

/** One job of a claim's answer: the job and the lease that now holds it. */
public record LeasedJob(NodeJob job, Lease lease) {

    /** Reads one element of the claim answer's {@code jobs}; a job without id, kind, tier or lease is a node bug. */
    public static LeasedJob from(JsonNode json) {
        for (String field : new String[] {"job_id", "kind", "tier"}) {
            required(json, field, "a job");
        }
        JsonNode lease = json.path("lease");
        String token = required(lease, "token", "a job's lease");
        return new LeasedJob(NodeJob.from(json), new Lease(token, lease.path("expires_at_ms").asLong(0)));
    }

    private static String required(JsonNode json, String field, String what) {
        JsonNode value = json.path(field);
        if (!value.isString() || value.stringValue().isEmpty()) {
            throw new NodeException(200, "bad_response", "the node sent " + what + " without '" + field + "'");
        }
        return value.stringValue();
    }
}
