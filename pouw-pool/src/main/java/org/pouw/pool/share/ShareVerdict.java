package org.pouw.pool.share;

import org.pouw.pool.miner.Miners;

/** What the pool made of a share: accepted with its credit, or refused with a reason and the member at fault. */
public sealed interface ShareVerdict {
    /**
     * @param hashHex    the header hash, 64 hex digits of its integer: the share's id and what it is deduplicated on
     * @param credited   the difficulty the share is credited at: its target, never what the hash happened to reach
     * @param achieved   what the hash reached, reported only
     * @param standing   the miner's difficulty and reputation after this share, reported only
     */
    record Accepted(ValidShare share, String hashHex, long credited, long achieved, Miners.Standing standing)
            implements ShareVerdict {
    }

    record Refused(ShareReason reason, String field, String message) implements ShareVerdict {
    }

    static Refused refused(ShareReason reason, String field, String message) {
        return new Refused(reason, field, message);
    }
}
