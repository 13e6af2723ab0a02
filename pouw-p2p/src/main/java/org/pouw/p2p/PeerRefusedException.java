package org.pouw.p2p;

/** A connection the other side (or this one) refused during the handshake, with the reason it gave. */
public final class PeerRefusedException extends RuntimeException {
    private final RejectReason reason;

    public PeerRefusedException(RejectReason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
