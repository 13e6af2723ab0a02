package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** A dead-lettered job with the reason of each attempt that used up its retries. */
public record DeadLetter(Job job, List<Attempt> attemptHistory) {
    public static DeadLetter from(JsonNode json) {
        return new DeadLetter(Job.from(json), Attempt.listOf(json.path("attempt_history")));
    }
}
