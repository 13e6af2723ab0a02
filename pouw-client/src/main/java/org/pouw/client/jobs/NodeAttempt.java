package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One attempt at a job: who held it, when, and how it ended ({@code endedAtMs} is 0 while it runs). {@code level} is
 * the holder's level when it took the job and {@code auditLevel} the one its audit sample followed (issue 27); each
 * empty when the node did not record it (levels off, or no commitment).
 */
public record NodeAttempt(int attempt, String proverId, long startedAtMs, long endedAtMs, String outcome,
                          String reason, String level, String auditLevel) {
    public static NodeAttempt from(JsonNode json) {
        return new NodeAttempt(json.path("attempt").asInt(0), json.path("prover_id").asString(""),
                json.path("started_at_ms").asLong(0), json.path("ended_at_ms").asLong(0),
                json.path("outcome").asString(""), json.path("reason").asString(""), textOrEmpty(json.path("level")),
                textOrEmpty(json.path("audit_level")));
    }

    static List<NodeAttempt> listOf(JsonNode array) {
        return array.valueStream().map(NodeAttempt::from).toList();
    }

    private static String textOrEmpty(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "" : node.asString("");
    }
}
