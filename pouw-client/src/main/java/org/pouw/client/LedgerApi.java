package org.pouw.client;

import java.util.List;
import org.pouw.client.ledger.FeePool;
import org.pouw.client.ledger.NodeAccount;
import org.pouw.client.ledger.NodeLedgerEntry;
import org.pouw.client.ledger.NodeTransfer;
import tools.jackson.databind.JsonNode;

/** Money (§5 ledger): balances, transfers, the raw entries anyone can audit, and the fee pool. */
public final class LedgerApi {
    private final NodeConnection connection;

    LedgerApi(NodeConnection connection) {
        this.connection = connection;
    }

    /**
     * An account's balance and up to {@code recentEntries} of its latest entries (0 for none). A did:key is
     * path-safe as it is, so it goes unencoded.
     */
    public NodeAccount account(String did, int recentEntries) {
        return NodeAccount.from(connection.get("/v1/ledger/accounts/" + did + "?limit="
                + recentEntries));
    }

    /**
     * Sends {@code amount} base units from this client's account to {@code to}. The same {@code idempotencyKey}
     * again makes the same transfer once, so a call that got no answer can be repeated.
     */
    public NodeTransfer transfer(String to, long amount, String idempotencyKey) {
        return NodeTransfer.from(connection.post("/v1/ledger/transfers", NodeConnection.JSON.createObjectNode()
                .put("to", to).put("amount", amount).put("idempotency_key", idempotencyKey)));
    }

    /** Up to {@code limit} entries after sequence number {@code after}, in order; empty past the last one. */
    public List<NodeLedgerEntry> entries(long after, int limit) {
        JsonNode page = connection.get("/v1/ledger/entries?after=" + after + "&limit=" + limit);
        return page.path("entries").valueStream().map(NodeLedgerEntry::from).toList();
    }

    /** The fee pool: balance, reserved for open jobs, paid to provers, refunded. */
    public FeePool pool() {
        return FeePool.from(connection.get("/v1/pouw/pool"));
    }
}
