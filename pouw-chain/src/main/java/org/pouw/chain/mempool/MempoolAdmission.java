package org.pouw.chain.mempool;

import org.pouw.chain.tx.Transaction;

/**
 * The mempool's answer to a transaction: accepted (possibly replacing one of the sender's, or displacing another
 * sender's last one to make room), or refused with a reason and a message for the sender.
 */
public record MempoolAdmission(MempoolRefusal refusal, String message, Transaction replaced, Transaction evicted) {
    static MempoolAdmission accepted(Transaction replaced, Transaction evicted) {
        return new MempoolAdmission(null, "", replaced, evicted);
    }

    static MempoolAdmission refused(MempoolRefusal refusal, String message) {
        return new MempoolAdmission(refusal, message, null, null);
    }

    public boolean isAccepted() {
        return refusal == null;
    }
}
