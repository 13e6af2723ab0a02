package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/head}: the tip the node follows.
 *
 * @param target         the tip's compact target, 8 hex digits
 * @param cumulativeWork the followed branch's work, a decimal integer (it outgrows a long)
 * @param tipAgeMs       how long ago, by the node's clock, the tip's timestamp was
 * @param held           a better branch the node holds for its operator (a reorg deeper than the alarm depth R), or
 *                       null
 */
public record ChainHead(String chainId, long height, String hash, long timestamp, String target,
                        String cumulativeWork, long tipAgeMs, ChainHeldReorg held) {
    public static ChainHead from(JsonNode json) {
        return new ChainHead(json.path("chain_id").asString(""), json.path("height").asLong(0),
                json.path("hash").asString(""), json.path("timestamp").asLong(0), json.path("target").asString(""),
                json.path("cumulative_work").asString("0"), json.path("tip_age_ms").asLong(0),
                ChainHeldReorg.fromOrNull(json.get("held")));
    }
}
