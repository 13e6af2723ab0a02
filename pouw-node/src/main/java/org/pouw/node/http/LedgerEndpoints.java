package org.pouw.node.http;

import io.helidon.http.Status;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Payments;
import org.pouw.core.port.Storage;
import org.pouw.crypto.DidKey;
import org.pouw.node.logs.AuditNote;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Balances, transfers and the raw entries anyone can audit (§5 ledger). */
public final class LedgerEndpoints implements Endpoints {
    private final Payments payments;
    private final Storage storage;

    public LedgerEndpoints(Payments payments, Storage storage) {
        this.payments = payments;
        this.storage = storage;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/ledger/accounts/{did}", this::account);
        routes.post("/v1/ledger/transfers", this::transfer);
        routes.get("/v1/ledger/entries", this::entries);
    }

    private void account(ApiCall call) {
        String did = call.pathParam("did");
        if (!DidKey.isValid(did)) {
            throw PouwException.invalid("did", "must be an Ed25519 did:key");
        }
        int limit = (int) call.queryLong("limit", 20, 0, 500);
        ObjectNode out = ApiJson.object();
        out.put("account", did);
        storage.read(tx -> {
            out.put("balance", tx.ledger().balance(did));
            ArrayNode entries = out.putArray("recent_entries");
            if (limit > 0) {
                tx.ledger().entriesFor(did, limit).forEach(e -> entries.add(ApiJson.entry(e)));
            }
            return null;
        });
        call.json(out);
    }

    private void transfer(ApiCall call) {
        String from = call.caller();
        // Every manual transfer is audited, refused ones too; the line cites the entry it made.
        AuditNote audit = call.audit("ledger.transfer").detail("from", from);
        RequestBody body = call.body(List.of("to", "amount", "idempotency_key"));
        String to = body.string("to");
        long amount = body.integer("amount");
        String key = body.string("idempotency_key");
        audit.detail("to", to).detail("amount", Long.toString(amount)).detail("idempotency_key", key);
        LedgerEntry entry = payments.transfer(from, to, amount, key);
        audit.ledgerEntry(entry.seq());
        ObjectNode out = ApiJson.object();
        out.set("entry", ApiJson.entry(entry));
        long balance = storage.read(tx -> tx.ledger().balance(from));
        out.put("balance", balance);
        call.json(Status.OK_200, out);
    }

    private void entries(ApiCall call) {
        long after = call.queryLong("after", 0, 0, Long.MAX_VALUE);
        int limit = (int) call.queryLong("limit", 100, 1, 1000);
        ObjectNode out = ApiJson.object();
        ArrayNode entries = out.putArray("entries");
        storage.read(tx -> tx.ledger().entries(after, limit)).forEach(e -> entries.add(ApiJson.entry(e)));
        call.json(out);
    }
}
