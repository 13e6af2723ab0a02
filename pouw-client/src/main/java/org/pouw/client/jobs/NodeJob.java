package org.pouw.client.jobs;

import org.pouw.client.NodeException;
import org.pouw.core.id.Did;
import org.pouw.core.job.Tier;
import org.pouw.core.work.BlobSource;
import org.pouw.core.work.WorkItem;
import tools.jackson.databind.JsonNode;

/**
 * A proof job as the node shows it (job JSON of ARCHITECTURE.md §5, written by the node's {@code ApiJson.job}).
 * Kind, tier and status stay wire strings ({@code micro}, {@code in_progress}, …) so a newer node's values still
 * read. Times are epoch milliseconds; {@code leaseExpiresAtMs} and {@code completedAtMs} are 0 when there is none.
 *
 * @param params the kind's own parameters, a JSON object
 * @param result what the verifier recorded (e.g. an ml-train model's held-out quality), a JSON object
 * @param json the node's JSON for this job, as it came
 */
public record NodeJob(
        String jobId,
        String kind,
        String tier,
        String status,
        String intentId,
        String traceHash,
        String traceRef,
        JsonNode params,
        String requester,
        long feeBudget,
        long rewardBudget,
        long createdAtMs,
        long createdSeq,
        String leaseHolder,
        long leaseExpiresAtMs,
        long deadlineMs,
        int maxRetries,
        int attempts,
        long completedAtMs,
        String proofRef,
        String lastError,
        boolean committed,
        JsonNode result,
        JsonNode json) {

    public static NodeJob from(JsonNode json) {
        return new NodeJob(
                json.path("job_id").asString(""),
                json.path("kind").asString(""),
                json.path("tier").asString(""),
                json.path("status").asString(""),
                json.path("intent_id").asString(""),
                json.path("trace_hash").asString(""),
                json.path("trace_ref").asString(""),
                json.path("params"),
                json.path("requester").asString(""),
                json.path("fee_budget").asLong(0),
                json.path("reward_budget").asLong(0),
                json.path("created_at_ms").asLong(0),
                json.path("created_seq").asLong(0),
                json.path("lease_holder").asString(""),
                json.path("lease_expires_at_ms").asLong(0),
                json.path("deadline_ms").asLong(0),
                json.path("max_retries").asInt(0),
                json.path("attempts").asInt(0),
                json.path("completed_at_ms").asLong(0),
                json.path("proof_ref").asString(""),
                json.path("last_error").asString(""),
                json.path("committed").asBoolean(false),
                json.path("result"),
                json);
    }

    /**
     * The params as JSON text, the form provers take them in. They are a JSON object on the wire; an older node
     * might send them as a string holding the JSON, and none at all reads as {@code {}}.
     */
    public String paramsText() {
        return params.isMissingNode() || params.isNull() ? "{}"
                : params.isString() ? params.stringValue() : params.toString();
    }

    /** The tier as the domain's enum; a tier this client does not know is a bad answer from the node. */
    public Tier tierValue() {
        for (Tier value : Tier.values()) {
            if (value.wire().equals(tier)) {
                return value;
            }
        }
        throw new NodeException(200, "bad_response", "the node sent a job of unknown tier '" + tier + "'");
    }

    /**
     * What a prover ({@code WorkKind}) works on, its blobs read through {@code blobs}, for the DID the node says holds
     * the lease (a leased job carries it; kinds that bind proofs to their prover need it).
     */
    public WorkItem toWorkItem(BlobSource blobs) {
        WorkItem item = new WorkItem(jobId, kind, tierValue(), traceHash, traceRef, paramsText(), blobs);
        return Did.isWellFormed(leaseHolder) ? item.forProver(Did.of(leaseHolder)) : item;
    }
}
