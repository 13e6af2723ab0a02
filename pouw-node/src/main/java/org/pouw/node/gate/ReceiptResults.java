package org.pouw.node.gate;

import java.util.Optional;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.gate.reward.RewardPaid;
import org.pouw.gate.reward.RewardPayouts;

/**
 * What a paid receipt bought, so a replay by the same authenticated DID can be told its result (issue 21 §2) — never
 * a token. Read from the ledger entry {@code receipt:<challenge id>} that the payment wrote in the redemption's
 * transaction: it exists exactly when the reward was paid, survives restarts and is seen by every node on the
 * database, and there is no second copy to keep in step or to prune.
 */
public final class ReceiptResults {
    private final Storage storage;

    public ReceiptResults(Storage storage) {
        this.storage = storage;
    }

    /** The stored result, only for the DID it was paid to. */
    public Optional<RewardPaid> resultFor(String challengeId, String did) {
        String key = RewardPayouts.ledgerKey(challengeId);
        Optional<LedgerEntry> entry = storage.read(tx -> tx.ledger().byKey(key));
        return entry.flatMap(paid -> paid.postings().stream()
                .filter(posting -> posting.amount() > 0 && posting.account().equals(did))
                .map(Posting::amount)
                .findFirst()
                .map(amount -> new RewardPaid(challengeId, did, amount, key)));
    }
}
