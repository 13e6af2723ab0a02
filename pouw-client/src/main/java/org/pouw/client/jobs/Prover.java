package org.pouw.client.jobs;

import tools.jackson.databind.JsonNode;

/** A registered prover with its stats (§5 prover JSON). */
public record Prover(String proverId, long jobsCompleted, long jobsFailed, long totalFeeEarned,
                     long avgCompletionTimeMs, long lastSeenMs, long registeredAtMs) {
    public static Prover from(JsonNode json) {
        return new Prover(json.path("prover_id").asString(""), json.path("jobs_completed").asLong(0),
                json.path("jobs_failed").asLong(0), json.path("total_fee_earned").asLong(0),
                json.path("avg_completion_time_ms").asLong(0), json.path("last_seen_ms").asLong(0),
                json.path("registered_at_ms").asLong(0));
    }
}
