package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * A better branch the node holds for its operator instead of following: it forks more than R blocks below the
 * followed tip (docs/chain.md §6). {@code POST /v1/chain/reorg/accept} with this {@code hash} follows it.
 *
 * @param hash   the held branch's tip
 * @param height that tip's height
 * @param depth  blocks of the followed branch a switch would leave
 */
public record ChainHeldReorg(String hash, long height, int depth) {
    /** The {@code held} object of a head, or null when the node holds none. */
    public static ChainHeldReorg fromOrNull(JsonNode json) {
        if (json == null || !json.isObject()) {
            return null;
        }
        return new ChainHeldReorg(json.path("hash").asString(""), json.path("height").asLong(0),
                json.path("depth").asInt(0));
    }
}
