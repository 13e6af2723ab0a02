package org.pouw.client.system;

import tools.jackson.databind.JsonNode;

/** How many jobs are in each state (§5 queue stats). */
public record QueueCounts(long pending, long inProgress, long completed, long failed, long expired,
                          long deadLetter) {
    public static QueueCounts from(JsonNode json) {
        return new QueueCounts(json.path("pending_count").asLong(0), json.path("in_progress_count").asLong(0),
                json.path("completed_count").asLong(0), json.path("failed_count").asLong(0),
                json.path("expired_count").asLong(0), json.path("dead_letter_count").asLong(0));
    }
}
