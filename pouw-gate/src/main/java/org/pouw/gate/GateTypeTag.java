package org.pouw.gate;

/**
 * The {@code type} member every signed object of the gate carries inside its signed bytes (issue 21 §1), so that no
 * object of one type can pass where another is expected even if the same key signed both. Login tokens are HMACs
 * under a secret that signs nothing else (pouw-node), so they share no bytes with any of these.
 */
public enum GateTypeTag {
    CHALLENGE("pouw-challenge-v1"),
    RECEIPT("pouw-receipt-v1"),
    ACCESS_TOKEN("pouw-at-v1"),
    /** A pool's statement that a miner submitted a share (signed by the pool's key; docs/gate.md §9). */
    POOL_ATTESTATION("pouw-pool-attestation-v1"),
    /** A token request signed by the requester's did:key (the miner's, for {@code pool_validated}). */
    TOKEN_REQUEST("pouw-token-request-v1");

    private final String tag;

    GateTypeTag(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
