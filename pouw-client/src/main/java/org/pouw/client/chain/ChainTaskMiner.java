package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * A participant of a task: a key that mined at least one block on it, with its commitment and reveal when made.
 *
 * @param commitment   its final-model commitment (hex), or null before it commits
 * @param committedAt  the height of the commitment, or -1
 * @param revealed     whether it revealed its final model (before settlement: the model waits in the state)
 */
public record ChainTaskMiner(String did, long blocks, String segmentEnd, String commitment, long committedAt,
                             boolean revealed) {
    public static ChainTaskMiner from(JsonNode json) {
        JsonNode commitment = json.path("commitment");
        return new ChainTaskMiner(json.path("did").asString(""), json.path("blocks").asLong(0),
                json.path("segment_end").asString(""), commitment.isString() ? commitment.asString() : null,
                json.path("committed_at").isNumber() ? json.path("committed_at").asLong() : -1,
                json.path("revealed").asBoolean(false));
    }
}
