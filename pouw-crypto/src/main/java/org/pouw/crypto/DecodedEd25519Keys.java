package org.pouw.crypto;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Public keys already decoded for verification, by their 32 bytes. Decoding an Ed25519 key is a point
 * decompression (a square root in the field), a tenth or so of a verification; the gate verifies many signatures of
 * few keys (a client's receipts, a pool's attestations), so each key is decoded once. A key that does not decode is
 * never kept. Bounded: when full it is emptied and refilled by use, so a stream of fresh keys costs what it cost
 * before and no more memory. BouncyCastle's decoded key is immutable, so one serves every thread.
 */
final class DecodedEd25519Keys {
    /** Keys kept at most: some hundreds of kilobytes. */
    static final int CAPACITY = 4_096;
    private static final ConcurrentHashMap<String, Ed25519PublicKeyParameters> KEYS = new ConcurrentHashMap<>();

    private DecodedEd25519Keys() {
    }

    /** The decoded key; throws {@link IllegalArgumentException} when {@code publicKey} is no curve point. */
    static Ed25519PublicKeyParameters of(byte[] publicKey) {
        // Latin-1 maps each byte to one char, so equal strings are equal keys.
        String bytes = new String(publicKey, StandardCharsets.ISO_8859_1);
        Ed25519PublicKeyParameters known = KEYS.get(bytes);
        if (known != null) {
            return known;
        }
        Ed25519PublicKeyParameters decoded = new Ed25519PublicKeyParameters(publicKey, 0);
        if (KEYS.size() >= CAPACITY) {
            KEYS.clear();
        }
        KEYS.put(bytes, decoded);
        return decoded;
    }

    /** Keys kept now: for tests. */
    static int size() {
        return KEYS.size();
    }
}
