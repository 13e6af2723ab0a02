package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One attempt at a job: who held it, when, and how it ended ({@code endedAtMs} is 0 while it runs). */
public record NodeAttempt(int attempt, String proverId, long startedAtMs, long endedAtMs, String outcome,
                      String reason) {
    public static NodeAttempt from(JsonNode json) {
        return new NodeAttempt(json.path("attempt").asInt(0), json.path("prover_id").asString(""),
                json.path("started_at_ms").asLong(0), json.path("ended_at_ms").asLong(0),
                json.path("outcome").asString(""), json.path("reason").asString(""));
    }

    static List<NodeAttempt> listOf(JsonNode array) {
        return array.valueStream().map(NodeAttempt::from).toList();
    }
}
