package org.pouw.gate.hashcash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The gate's rule for a hashcash stamp against a challenge (issue 21 §1, docs/gate.md §4): version 1 only, at most
 * 256 bytes, the resource equal to the challenge's byte for byte, and the SHA-1 of the whole stamp with at least the
 * <em>challenge's</em> difficulty in leading zero bits. The stamp's own bits claim and its date are ignored: the
 * challenge says how much work counts, and its expiry is judged on arrival, not from what the stamp says of itself.
 */
public final class HashcashCheck {
    private HashcashCheck() {
    }

    public static HashcashVerdict check(String stampText, String resource, int difficultyBits) {
        if (difficultyBits < 0 || difficultyBits > 160) {
            throw new IllegalArgumentException("difficulty must be 0…160 bits, got " + difficultyBits);
        }
        var split = HashcashStamp.split(stampText);
        if (split.isEmpty()) {
            return HashcashVerdict.MALFORMED;
        }
        HashcashStamp stamp = split.get();
        if (!stamp.version().equals("1")) {
            return HashcashVerdict.WRONG_VERSION;
        }
        // Byte for byte: no case folding, no trimming. The tool lower-cases what it is given, so challenges carry
        // lower-case hex resources and a stamp for "ABC" is not a stamp for "abc".
        if (!stamp.resource().equals(resource)) {
            return HashcashVerdict.WRONG_RESOURCE;
        }
        byte[] digest = sha1(stampText.getBytes(StandardCharsets.US_ASCII));
        return leadingZeroBits(digest) >= difficultyBits ? HashcashVerdict.ACCEPTED : HashcashVerdict.INSUFFICIENT_WORK;
    }

    /** Leading zero bits of a digest, most significant bit of the first byte first (how hashcash counts them). */
    public static int leadingZeroBits(byte[] digest) {
        int bits = 0;
        for (byte b : digest) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    static byte[] sha1(byte[] bytes) {
        return newSha1().digest(bytes);
    }

    static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
