package org.pouw.node.chain;

import org.pouw.chain.importing.ImportStatus;
import org.pouw.ml.wire.Bytes32;

/**
 * What offering one block did: its import status, hash (null when it did not decode) and height, and for a refusal
 * the chain's most specific reason (the rule's own cause, such as {@code BAD_SIGNATURE}, else the import's refusal
 * such as {@code BAD_HEADER}), the import's refusal and the detail for people.
 */
public record BlockSubmission(ImportStatus status, Bytes32 hash, long height, String reason, String refusal,
                              String detail) {
    public boolean isRefused() {
        return status == ImportStatus.REFUSED;
    }
}
