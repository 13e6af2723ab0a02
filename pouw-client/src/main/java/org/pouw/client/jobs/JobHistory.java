package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/pouw/jobs/{id}/history}: the job's status and every attempt at it. */
public record JobHistory(String jobId, String status, List<NodeAttempt> attempts, JsonNode json) {
    public static JobHistory from(JsonNode json) {
        return new JobHistory(json.path("job_id").asString(""), json.path("status").asString(""),
                NodeAttempt.listOf(json.path("attempts")), json);
    }
}
