package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/pouw/jobs/{id}/history}: the job's status and every attempt at it. */
public record JobHistory(String jobId, String status, List<NodeAttempt> attempts, JsonNode json) {
    public static JobHistory from(JsonNode json) {
        return new JobHistory(json.path("job_id").asString(""), json.path("status").asString(""),
                NodeAttempt.listOf(json.path("attempts")), json);
    }

    /** The reward paid for the job to {@code proverId}, when the job was completed by it; empty otherwise. */
    public java.util.OptionalLong rewardPaidTo(String proverId) {
        JsonNode reward = json.path("reward");
        return reward.isObject() && reward.path("prover_id").asString("").equals(proverId)
                ? java.util.OptionalLong.of(reward.path("amount").asLong(0)) : java.util.OptionalLong.empty();
    }

    /** The ledger entry of the reward; 0 when none was paid. */
    public long rewardLedgerSeq() {
        return json.path("reward").path("ledger_seq").asLong(0);
    }
}
