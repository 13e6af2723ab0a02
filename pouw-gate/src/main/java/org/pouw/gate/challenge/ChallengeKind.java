package org.pouw.gate.challenge;

import java.util.Locale;
import java.util.Optional;

/** What a challenge asks for (issue 21 §1). */
public enum ChallengeKind {
    /** A hashcash v1 stamp over the challenge's resource with the challenge's difficulty. */
    HASHCASH,
    /** A proof job or ML audit, paid to this DID after the challenge was issued; earns a token, never a reward. */
    USEFUL,
    /**
     * Work for a mining pool (issue 23 §1; docs/pool.md §2): headers whose previous-hash field is SHA-256d of this
     * challenge; {@code difficulty} is the node's minimum share work in bits. It buys nothing as a receipt, only
     * through a trusted pool's attestation of a share mined on it.
     */
    SHARE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChallengeKind> fromWire(String text) {
        for (ChallengeKind kind : values()) {
            if (kind.wire().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
