package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One attempt at a job: who held it, when, and how it ended ({@code endedAtMs} is 0 while it runs). */
public record Attempt(int attempt, String proverId, long startedAtMs, long endedAtMs, String outcome,
                      String reason) {
    public static Attempt from(JsonNode json) {
        return new Attempt(json.path("attempt").asInt(0), json.path("prover_id").asString(""),
                json.path("started_at_ms").asLong(0), json.path("ended_at_ms").asLong(0),
                json.path("outcome").asString(""), json.path("reason").asString(""));
    }

    static List<Attempt> listOf(JsonNode array) {
        return array.valueStream().map(Attempt::from).toList();
    }
}
