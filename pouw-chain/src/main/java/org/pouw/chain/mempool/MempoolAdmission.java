package org.pouw.chain.mempool;

import java.util.List;
import org.pouw.chain.tx.Transaction;

/**
 * The mempool's answer to a transaction: accepted (possibly replacing one of the sender's, or displacing other
 * senders' last ones to make room — one for a full count, as many as its bytes need for a full byte budget), or
 * refused with a reason and a message for the sender.
 */
public record MempoolAdmission(MempoolRefusal refusal, String message, Transaction replaced,
                               List<Transaction> evicted) {
    public MempoolAdmission {
        evicted = List.copyOf(evicted);
    }

    static MempoolAdmission accepted(Transaction replaced, List<Transaction> evicted) {
        return new MempoolAdmission(null, "", replaced, evicted);
    }

    static MempoolAdmission refused(MempoolRefusal refusal, String message) {
        return new MempoolAdmission(refusal, message, null, List.of());
    }

    public boolean isAccepted() {
        return refusal == null;
    }
}
