package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/chain/reorg/accept}: the node now follows the branch that was held.
 *
 * @param hash   the tip followed now
 * @param oldTip the tip it left
 * @param depth  blocks of the old branch the switch left
 */
public record ReorgAccepted(String hash, long height, String oldTip, int depth) {
    public static ReorgAccepted from(JsonNode json) {
        return new ReorgAccepted(json.path("hash").asString(""), json.path("height").asLong(0),
                json.path("old_tip").asString(""), json.path("depth").asInt(0));
    }
}
