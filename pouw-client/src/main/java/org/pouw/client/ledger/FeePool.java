package org.pouw.client.ledger;

import tools.jackson.databind.JsonNode;

/** {@code GET /v1/pouw/pool}: the fee pool's balance, the part reserved for open jobs, and what it paid out. */
public record FeePool(long balance, long reserved, long totalPaid, long totalRefunded, JsonNode json) {
    public static FeePool from(JsonNode json) {
        return new FeePool(json.path("balance").asLong(0), json.path("reserved").asLong(0),
                json.path("total_paid").asLong(0), json.path("total_refunded").asLong(0), json);
    }
}
