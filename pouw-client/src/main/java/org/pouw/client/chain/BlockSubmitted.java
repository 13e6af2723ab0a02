package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/chain/blocks} took the block: {@code imported} (valid and stored; {@code followed} says whether the
 * tip moved onto it), {@code known} (the node had it) or {@code orphan} (held until its parent arrives).
 */
public record BlockSubmitted(String hash, String status, long height, boolean followed) {
    public static BlockSubmitted from(JsonNode json) {
        return new BlockSubmitted(json.path("hash").asString(""), json.path("status").asString(""),
                json.path("height").asLong(0), json.path("followed").asBoolean(false));
    }
}
