package org.pouw.client.ml;

import tools.jackson.databind.JsonNode;

/**
 * A start state the node stored ({@code POST /v1/ml/initial-states}) for a task that begins from given weights: the
 * blob key the task submission names, and the state's hash, which the task itself names.
 */
public record StoredInitialState(String blob, String stateHash, long bytes) {
    public static StoredInitialState from(JsonNode json) {
        return new StoredInitialState(json.path("blob").asString(""), json.path("state_hash").asString(""),
                json.path("bytes").asLong(0));
    }
}
