package org.pouw.gate.challenge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@link ChallengeKey} signed lately: SHA-256 of each body with its signature, in two generations of at most
 * {@code perGeneration} each (when the current one is full it becomes the previous and the oldest is dropped), so
 * memory stays bounded whatever the issue rate. A receipt usually comes back within seconds of its challenge, and
 * then the node recognises its own signature by one hash instead of signing the body again (an Ed25519 signature is
 * about 45 µs of CPU, a hash of 300 bytes about 1 µs). Sound: the pair's digest is here only if this key produced
 * exactly these bytes, and SHA-256 collisions are out of reach. A pair not remembered (older, or issued before a
 * restart) is not refused: {@link ChallengeKey#signedByThisKey} signs again, as before.
 */
final class RecentSignatures {
    private final int perGeneration;
    private volatile Set<String> current = ConcurrentHashMap.newKeySet();
    private volatile Set<String> previous = ConcurrentHashMap.newKeySet();

    RecentSignatures(int perGeneration) {
        if (perGeneration < 1) {
            throw new IllegalArgumentException("perGeneration must be at least 1, got " + perGeneration);
        }
        this.perGeneration = perGeneration;
    }

    void remember(byte[] body, byte[] signature) {
        Set<String> now = current;
        if (now.size() >= perGeneration) {
            synchronized (this) {
                if (current == now) {
                    previous = now;
                    current = ConcurrentHashMap.newKeySet();
                }
            }
        }
        current.add(digest(body, signature));
    }

    boolean contains(byte[] body, byte[] signature) {
        String key = digest(body, signature);
        return current.contains(key) || previous.contains(key);
    }

    /** SHA-256 over the body's length, the body and the signature: the split between the two is unambiguous. */
    private static String digest(byte[] body, byte[] signature) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int n = body.length;
            sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            sha.update(body);
            sha.update(signature);
            return new String(sha.digest(), StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
