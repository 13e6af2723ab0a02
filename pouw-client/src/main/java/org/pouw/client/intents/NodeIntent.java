package org.pouw.client.intents;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/intents/{id}}: an intent's status ({@code proving}, {@code proven}, {@code expired}), what it
 * computed, and each of its jobs with its proof.
 *
 * @param json the node's answer as it came
 */
public record NodeIntent(String intentId, String status, String requester, String tier, long fee, long maxSteps,
                    long steps, JsonNode inputs, JsonNode output, String programRef, String traceHash,
                    String traceRef, List<String> jobIds, long ledgerSeq, long createdAtMs, List<ProofJob> jobs,
                    JsonNode json) {

    /** One of the intent's jobs: its status and, once proven, the blob key of its proof. */
    public record ProofJob(String jobId, String status, String proofRef) {
        public static ProofJob from(JsonNode json) {
            return new ProofJob(json.path("job_id").asString(""), json.path("status").asString(""),
                    json.path("proof_ref").asString(""));
        }
    }

    public static NodeIntent from(JsonNode json) {
        return new NodeIntent(json.path("intent_id").asString(""), json.path("status").asString(""),
                json.path("requester").asString(""), json.path("tier").asString(""), json.path("fee").asLong(0),
                json.path("max_steps").asLong(0), json.path("steps").asLong(0), json.path("inputs"),
                json.path("output"), json.path("program_ref").asString(""), json.path("trace_hash").asString(""),
                json.path("trace_ref").asString(""), strings(json.path("job_ids")),
                json.path("ledger_seq").asLong(0), json.path("created_at_ms").asLong(0),
                json.path("jobs").valueStream().map(ProofJob::from).toList(), json);
    }

    static List<String> strings(JsonNode array) {
        return array.valueStream().map(item -> item.asString("")).toList();
    }
}
