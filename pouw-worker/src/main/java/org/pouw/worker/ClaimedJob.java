package org.pouw.worker;

import org.pouw.client.NodeException;
import org.pouw.client.jobs.Lease;
import org.pouw.core.job.Tier;
import org.pouw.core.work.BlobSource;
import org.pouw.core.work.WorkItem;
import tools.jackson.databind.JsonNode;

/**
 * A job as the claim call returns it (job JSON of ARCHITECTURE.md §5 plus its {@code lease}). {@code params} is the
 * kind's own JSON object, kept as text because that is how provers take it.
 */
public record ClaimedJob(
        String jobId,
        String kind,
        Tier tier,
        String status,
        String intentId,
        String traceHash,
        String traceRef,
        String params,
        long feeBudget,
        long rewardBudget,
        long createdAtMs,
        long createdSeq,
        long leaseExpiresAtMs,
        long deadlineMs,
        int maxRetries,
        int attempts,
        Lease lease) {

    /** Reads one element of the claim response's {@code jobs}; a job without id, kind or lease is a node bug. */
    static ClaimedJob fromJson(JsonNode json) {
        String jobId = requiredText(json, "job_id");
        JsonNode leaseJson = json.path("lease");
        String leaseToken = requiredText(leaseJson, "token");
        JsonNode params = json.path("params");
        // Params are a JSON object on the wire; an older node might send them as a string holding the JSON.
        String paramsText = params.isMissingNode() || params.isNull() ? "{}"
                : params.isString() ? params.stringValue() : params.toString();
        return new ClaimedJob(
                jobId,
                requiredText(json, "kind"),
                tier(requiredText(json, "tier")),
                json.path("status").asString("in_progress"),
                json.path("intent_id").asString(""),
                json.path("trace_hash").asString(""),
                json.path("trace_ref").asString(""),
                paramsText,
                json.path("fee_budget").asLong(0),
                json.path("reward_budget").asLong(0),
                json.path("created_at_ms").asLong(0),
                json.path("created_seq").asLong(0),
                json.path("lease_expires_at_ms").asLong(leaseJson.path("expires_at_ms").asLong(0)),
                json.path("deadline_ms").asLong(0),
                json.path("max_retries").asInt(0),
                json.path("attempts").asInt(0),
                new Lease(leaseToken, leaseJson.path("expires_at_ms").asLong(0)));
    }

    public WorkItem toWorkItem(BlobSource blobs) {
        return new WorkItem(jobId, kind, tier, traceHash, traceRef, params, blobs);
    }

    private static Tier tier(String wire) {
        for (Tier tier : Tier.values()) {
            if (tier.wire().equals(wire)) {
                return tier;
            }
        }
        throw new NodeException(200, "bad_response", "the node sent a job of unknown tier '" + wire + "'");
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!value.isString() || value.stringValue().isEmpty()) {
            throw new NodeException(200, "bad_response", "the node sent a job without '" + field + "'");
        }
        return value.stringValue();
    }
}
