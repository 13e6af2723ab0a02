package org.pouw.client.ledger;

import tools.jackson.databind.JsonNode;

/** The node's answer to a transfer: the entry that made it and the sender's balance after it. */
public record Transfer(LedgerEntry entry, long balance, JsonNode json) {
    public static Transfer from(JsonNode json) {
        return new Transfer(LedgerEntry.from(json.path("entry")), json.path("balance").asLong(0), json);
    }
}
