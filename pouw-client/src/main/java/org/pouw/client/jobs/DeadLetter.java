package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** A dead-lettered job with the reason of each attempt that used up its retries. */
public record DeadLetter(NodeJob job, List<NodeAttempt> attemptHistory) {
    public static DeadLetter from(JsonNode json) {
        return new DeadLetter(NodeJob.from(json), NodeAttempt.listOf(json.path("attempt_history")));
    }
}
