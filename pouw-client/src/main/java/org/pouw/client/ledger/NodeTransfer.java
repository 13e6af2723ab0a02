package org.pouw.client.ledger;

import tools.jackson.databind.JsonNode;

/** The node's answer to a transfer: the entry that made it and the sender's balance after it. */
public record NodeTransfer(NodeLedgerEntry entry, long balance, JsonNode json) {
    public static NodeTransfer from(JsonNode json) {
        return new NodeTransfer(NodeLedgerEntry.from(json.path("entry")), json.path("balance").asLong(0), json);
    }
}
