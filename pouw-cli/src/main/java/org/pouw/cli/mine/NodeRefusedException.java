package org.pouw.cli.mine;

/** The node refused a block or a transaction a miner posted: {@code reason} is the chain's refusal code. */
public final class NodeRefusedException extends RuntimeException {
    private final String reason;

    public NodeRefusedException(String reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
