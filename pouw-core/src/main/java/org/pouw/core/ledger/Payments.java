package org.pouw.core.ledger;

import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.Storage;
import org.pouw.crypto.DidKey;

/** Transfers between accounts and the dev genesis allocation, each one ledger entry with its event. */
public final class Payments {
    private final Storage storage;
    private final Clock clock;

    public Payments(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Moves {@code amount} from {@code from} to {@code to}. The idempotency key is scoped to the sender: repeating a
     * transfer with the same key returns the first entry and moves nothing, and reusing a key for a different
     * transfer is a conflict.
     */
    public LedgerEntry transfer(String from, String to, long amount, String idempotencyKey) {
        if (!DidKey.isValid(to)) {
            throw PouwException.invalid("to", "must be a did:key (did:key:z6Mk…)");
        }
        if (amount <= 0) {
            throw PouwException.invalid("amount", "must be > 0, got " + amount);
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 128) {
            throw PouwException.invalid("idempotency_key", "must be 1 to 128 characters");
        }
        if (from.equals(to)) {
            throw PouwException.invalid("to", "must differ from the sender");
        }
        String key = "transfer:" + from + ":" + idempotencyKey;
        EntryDraft draft = new EntryDraft(EntryKind.TRANSFER, key,
                List.of(new Posting(from, -amount), new Posting(to, amount)), List.of(), "");
        long now = clock.millis();
        return storage.write(tx -> {
            var existing = tx.ledger().byKey(key);
            if (existing.isPresent()) {
                if (!existing.get().postings().equals(draft.postings())) {
                    throw new PouwException(Problem.CONFLICT, "idempotency_key",
                            "idempotency_key was already used for a different transfer");
                }
                return existing.get();
            }
            LedgerEntry entry = PouwException.blaming("amount", () -> tx.ledger().append(draft, now)).orElseThrow();
            CollateralLocks.requireCovered(tx, from, "amount");
            tx.events().append(new EventDraft("ledger.transfer", "", "", EventData.of().put("from", from)
                    .put("to", to).put("amount", amount).put("ledger_seq", entry.seq()).toString()), now);
            return entry;
        });
    }

    /** Credits {@code account} from the genesis account once per {@code label}; a repeat changes nothing. */
    public void allocateGenesis(String account, long amount, String label) {
        if (amount <= 0) {
            throw new IllegalArgumentException("genesis amount for " + account + " must be > 0, got " + amount);
        }
        long now = clock.millis();
        storage.write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:" + label + ":" + account,
                List.of(new Posting(Accounts.GENESIS, -amount), new Posting(account, amount)), List.of(),
                "genesis allocation " + label), now));
    }
}
