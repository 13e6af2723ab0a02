package org.pouw.client.intents;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A page of the caller's own intents, newest first ({@code GET /v1/intents}), each as {@code GET /v1/intents/{id}}
 * answers it: how a client finds what it posted without keeping the ids.
 *
 * @param nextCursor the cursor of the next page; empty on the last
 * @param json       the node's answer as it came
 */
public record IntentList(List<NodeIntent> intents, Optional<String> nextCursor, JsonNode json) {
    public static IntentList from(JsonNode json) {
        JsonNode next = json.path("next_cursor");
        return new IntentList(json.path("intents").valueStream().map(NodeIntent::from).toList(),
                next.isString() ? Optional.of(next.asString()) : Optional.empty(), json);
    }
}
