package org.pouw.client.ledger;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/ledger/accounts/{did}}: the balance and the latest entries that touched it, newest first. */
public record NodeAccount(String account, long balance, List<NodeLedgerEntry> recentEntries, JsonNode json) {
    public static NodeAccount from(JsonNode json) {
        return new NodeAccount(json.path("account").asString(""), json.path("balance").asLong(0),
                NodeLedgerEntry.listOf(json.path("recent_entries")), json);
    }
}
