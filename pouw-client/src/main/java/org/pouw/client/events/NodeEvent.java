package org.pouw.client.events;

import tools.jackson.databind.JsonNode;

/**
 * One entry of the node's event log ({@code job.created}, {@code job.completed}, {@code intent.proven}, …; the list
 * is in docs/api.md). {@code seq} is also its SSE id; {@code jobId} and {@code intentId} are empty when the event
 * is about neither.
 *
 * @param data the event's own fields, a JSON object
 */
public record NodeEvent(long seq, String type, String jobId, String intentId, JsonNode data, long atMs) {
    public static NodeEvent from(JsonNode json) {
        return new NodeEvent(json.path("seq").asLong(0), json.path("type").asString(""),
                json.path("job_id").asString(""), json.path("intent_id").asString(""), json.path("data"),
                json.path("at_ms").asLong(0));
    }
}
