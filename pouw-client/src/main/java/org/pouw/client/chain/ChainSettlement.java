package org.pouw.client.chain;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How a task was settled (docs/api.md, "The chain").
 *
 * @param height    the followed block that settled it
 * @param block     that block's hash
 * @param byHeldOut true when it ranked the models on the revealed held-out set, false when it split equally
 * @param payouts   best rank (or earliest commitment) first
 * @param burnt     the escrow burnt because nobody revealed a model
 */
public record ChainSettlement(long height, String block, boolean byHeldOut, List<ChainPayout> payouts, long burnt) {
    public ChainSettlement {
        payouts = List.copyOf(payouts);
    }

    public static ChainSettlement from(JsonNode json) {
        return new ChainSettlement(json.path("height").asLong(0), json.path("block").asString(""),
                json.path("by_held_out").asBoolean(false),
                json.path("payouts").valueStream().map(ChainPayout::from).toList(), json.path("burnt").asLong(0));
    }
}
