package org.pouw.client.ledger;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/ledger/accounts/{did}}: the balance and the latest entries that touched it, newest first. */
public record Account(String account, long balance, List<LedgerEntry> recentEntries, JsonNode json) {
    public static Account from(JsonNode json) {
        return new Account(json.path("account").asString(""), json.path("balance").asLong(0),
                LedgerEntry.listOf(json.path("recent_entries")), json);
    }
}
