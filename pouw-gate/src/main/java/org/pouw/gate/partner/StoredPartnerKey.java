package org.pouw.gate.partner;

import java.util.Arrays;

/** A partner key as the store keeps it: whose, its visible prefix, the SHA-256 of the key, and whether revoked. */
public record StoredPartnerKey(String partnerId, String prefix, byte[] keyHash, boolean revoked) {
    public StoredPartnerKey {
        if (keyHash.length != 32) {
            throw new IllegalArgumentException("a partner key hash is SHA-256 (32 bytes), got " + keyHash.length);
        }
        keyHash = keyHash.clone();
    }

    @Override
    public byte[] keyHash() {
        return keyHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredPartnerKey that && partnerId.equals(that.partnerId)
                && prefix.equals(that.prefix) && Arrays.equals(keyHash, that.keyHash)
                && revoked == that.revoked;
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        // Even the hash stays out of logs: it is what a guess would be checked against.
        return "StoredPartnerKey[" + partnerId + ", pouwpk_" + prefix + "_…" + (revoked ? ", revoked" : "") + "]";
    }
}
