package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/** {@code POST /v1/chain/txs} accepted the transaction into the mempool: its id, and {@code pending}. */
public record TxSubmitted(String id, String status) {
    public static TxSubmitted from(JsonNode json) {
        return new TxSubmitted(json.path("id").asString(""), json.path("status").asString(""));
    }
}
