package org.pouw.gate;

import java.util.Locale;

/**
 * Why the gate refused something (issue 21 §2: every rejection has a reason code, counted in
 * {@code receipts_rejected_total{reason}} and returned in the error). The code is the snake_case text the node
 * returns; the node adds its own ({@code rate_limited}, {@code pool_empty}) at its edge.
 */
public enum RejectionReason {
    /** Not the format: strict parse refused, a member missing or of the wrong type, too large. */
    MALFORMED,
    /** A well-formed signed object of another type: a token offered as a challenge, a challenge as a receipt. */
    WRONG_TYPE,
    /** A signature that does not hold, or a proof that names another key, challenge or network. */
    BAD_SIGNATURE,
    /** A challenge this node and store did not issue (it is signed, but for another node or store). */
    UNKNOWN_CHALLENGE,
    /** The challenge's expiry has passed on the node's clock. */
    EXPIRED,
    /** The challenge says it was issued later than the node's clock allows (beyond the skew). */
    NOT_YET_VALID,
    /**
     * The redemption store could not be reached, so nothing was redeemed (issue 21 §5 {@code fail_safe}; the node
     * answers 503). Not the client's fault: the same receipt may be sent again.
     */
    STORE_UNAVAILABLE,
    /** The work was done for another resource than the challenge's. */
    WRONG_RESOURCE,
    /** The work falls short of the challenge's difficulty. */
    INSUFFICIENT_WORK,
    /** A kind of challenge whose work this foundation can not check yet ({@code useful}: needs the ledger). */
    UNSUPPORTED_KIND,
    /** The challenge has been redeemed already, for a reward or a token. */
    REPLAYED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
