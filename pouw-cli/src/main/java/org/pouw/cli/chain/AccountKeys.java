package org.pouw.cli.chain;

import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;

/**
 * Chain accounts as people write them: a did:key (what {@code pouw keys} prints), read into the chain's 32-byte
 * Ed25519 key and back. A key that is not a did:key is refused naming the option it came from.
 */
public final class AccountKeys {
    private AccountKeys() {
    }

    /** The chain key of {@code did}, or an error naming {@code field}. */
    public static Bytes32 parse(String field, String did) {
        if (did == null || did.isBlank()) {
            throw new IllegalArgumentException(field + ": give a did:key (from 'pouw keys show')");
        }
        String text = did.strip();
        if (!text.startsWith("did:key:")) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a did:key (it starts with did:key:z6Mk…)");
        }
        try {
            return Bytes32.of(DidKey.parse(text).publicKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a valid did:key: " + e.getMessage());
        }
    }

    /** The did:key of a chain key. */
    public static String did(Bytes32 key) {
        return new DidKey(key.toArray()).toString();
    }
}
