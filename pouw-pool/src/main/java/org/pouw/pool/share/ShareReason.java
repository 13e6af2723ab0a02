package org.pouw.pool.share;

import java.util.Locale;

/** Why the pool refused a share (docs/pool.md §3), with the HTTP status it answers and the Stratum code it maps to. */
public enum ShareReason {
    /** Not the format: a member missing, unknown, of the wrong type or length. */
    MALFORMED(400, 20),
    /** The miner's signature over the share does not hold. */
    BAD_SIGNATURE(401, 24),
    /** Not a share challenge signed by the node's challenge key. */
    UNKNOWN_CHALLENGE(422, 21),
    /** The challenge expired on the pool's clock (or is issued in its future). */
    STALE(422, 21),
    /** The challenge or the coinbase names another miner than the one who signed. */
    WRONG_MINER(403, 24),
    /** The header does not commit to the challenge, the coinbase or the fixed bits. */
    WRONG_WORK(422, 20),
    /** Asked below the pool's floor, or the hash is above the target of the difficulty. */
    LOW_DIFFICULTY(422, 23),
    /** This header hash was counted already. */
    DUPLICATE(409, 22),
    /** A proven miner sending more than {@code max_shares_per_second}. */
    RATE_LIMITED(429, 20),
    /** A proven miner whose recent shares were mostly invalid: refused for a while. */
    THROTTLED(429, 20),
    /** A proven miner banned for a time after many invalid shares. */
    BANNED(403, 24);

    private final int httpStatus;
    private final int stratumCode;

    ShareReason(int httpStatus, int stratumCode) {
        this.httpStatus = httpStatus;
        this.stratumCode = stratumCode;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int stratumCode() {
        return stratumCode;
    }
}
