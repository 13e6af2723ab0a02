package org.pouw.gate.partner;

import java.util.List;
import java.util.Optional;

/**
 * The port where partner keys live (issue 21 §4), shared by every node: a key revoked through one node is refused by
 * all at their next lookup, because nodes look keys up on every token request and cache nothing. The durable
 * adapters (SQLite, PostgreSQL) belong in pouw-store; each must pass {@code PartnerKeysContract}.
 */
public interface PartnerKeys {
    /** At most this many unrevoked keys per partner: one in use and one being rotated in. */
    int MAX_ACTIVE_PER_PARTNER = 2;

    enum Added {
        ADDED,
        /** The partner has {@link #MAX_ACTIVE_PER_PARTNER} unrevoked keys; revoke one first. */
        TWO_ACTIVE_ALREADY,
        /** Another key has this prefix (random prefixes collide about once in 2^24 keys; for signing keys: this did is
         * registered already). */
        PREFIX_TAKEN
    }

    /** Adds an unrevoked key, atomically with respect to the per-partner limit under concurrent adds. */
    Added add(String partnerId, String prefix, byte[] keyHash);

    Optional<StoredPartnerKey> byPrefix(String prefix);

    /** Revokes the key with this prefix; false if there is none. Revoked keys are kept, so they stay refused. */
    boolean revoke(String prefix);

    /** Every key of {@code partnerId}, revoked ones too, ordered by prefix: for admin listings (prefixes only). */
    List<StoredPartnerKey> keysOf(String partnerId);
}
