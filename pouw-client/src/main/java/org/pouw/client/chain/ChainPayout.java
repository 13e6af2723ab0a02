package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/** What a task's settlement paid one miner, in base units. */
public record ChainPayout(String did, long amount) {
    public static ChainPayout from(JsonNode json) {
        return new ChainPayout(json.path("did").asString(""), json.path("amount").asLong(0));
    }
}
