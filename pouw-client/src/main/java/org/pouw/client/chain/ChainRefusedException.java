package org.pouw.client.chain;

import org.pouw.client.NodeException;

/**
 * The node refused a block or a transaction (400 {@code block_refused} or {@code tx_refused}): {@link #reason()} is
 * the chain's own code — {@code BAD_SIGNATURE}, {@code NONCE_USED}, {@code STEP_REFUSED}, … (docs/api.md, "The
 * chain") — and the message says what was wrong in words.
 */
public final class ChainRefusedException extends NodeException {
    private final String reason;

    public ChainRefusedException(int status, String code, String reason, String message) {
        super(status, code, message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "ChainRefusedException[" + code() + " " + reason + "]: " + getMessage();
    }
}
