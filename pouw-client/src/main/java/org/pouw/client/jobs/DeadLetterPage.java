package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/pouw/dead-letter}: jobs that ran out of attempts. */
public record DeadLetterPage(List<DeadLetter> jobs, JsonNode json) {
    public static DeadLetterPage from(JsonNode json) {
        return new DeadLetterPage(json.path("jobs").valueStream().map(DeadLetter::from).toList(), json);
    }
}
