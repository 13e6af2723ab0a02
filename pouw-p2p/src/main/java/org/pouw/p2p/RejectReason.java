package org.pouw.p2p;

import java.util.Optional;

/** Why a peer was refused, carried in a {@code reject} frame as its code. Codes never change meaning. */
public enum RejectReason {
    MALFORMED(1),
    WRONG_VERSION(2),
    WRONG_CHAIN(3),
    WRONG_GENESIS(4),
    IDENTITY_MISMATCH(5),
    BAD_SIGNATURE(6),
    PROTOCOL_VIOLATION(7),
    OVERSIZED(8),
    RATE_LIMITED(9),
    BANNED(10),
    DUPLICATE(11),
    SELF_CONNECTION(12),
    SHUTTING_DOWN(13),
    TOO_MANY_PEERS(14),
    HANDSHAKE_TIMEOUT(15),
    EVICTED(16),
    STALLED(17);

    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<RejectReason> ofCode(int code) {
        for (RejectReason reason : values()) {
            if (reason.code == code) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
