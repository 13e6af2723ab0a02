package org.pouw.gate.hashcash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.random.RandomGenerator;

/**
 * Mints hashcash v1 stamps the way the {@code hashcash -m} tool does: {@code 1:bits:date:resource::rand:counter},
 * with 16 characters of random salt and a counter counted up until the SHA-1 of the stamp has enough leading zero
 * bits. For tests and, later, {@code pouw receipt submit}. The salt and the prefix's hash state are set once, so each
 * try hashes only the counter.
 */
public final class HashcashMinter {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private HashcashMinter() {
    }

    /**
     * A stamp for {@code resource} with at least {@code bits} leading zero bits.
     *
     * @param date the stamp's date field, {@code YYMMDD} as the tool writes it (the gate ignores it)
     */
    public static String mint(String resource, int bits, String date, RandomGenerator random) {
        if (bits < 0 || bits > 40) {
            throw new IllegalArgumentException("bits must be 0…40 for a minted stamp, got " + bits);
        }
        if (resource.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a hashcash resource has no ':'");
        }
        StringBuilder salt = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            salt.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        String prefix = "1:" + bits + ":" + date + ":" + resource + "::" + salt + ":";
        MessageDigest prefixState = HashcashCheck.newSha1();
        prefixState.update(prefix.getBytes(StandardCharsets.US_ASCII));
        byte[] counter = new byte[11];
        for (long n = 0; ; n++) {
            int length = encode(n, counter);
            MessageDigest attempt;
            try {
                attempt = (MessageDigest) prefixState.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-1 can be cloned", e);
            }
            attempt.update(counter, counter.length - length, length);
            if (HashcashCheck.leadingZeroBits(attempt.digest()) >= bits) {
                return prefix + new String(counter, counter.length - length, length, StandardCharsets.US_ASCII);
            }
        }
    }

    /** The counter in the tool's base64 alphabet, right-aligned in {@code out}; returns how many characters. */
    private static int encode(long n, byte[] out) {
        int at = out.length;
        do {
            out[--at] = (byte) ALPHABET[(int) (n & 63)];
            n >>>= 6;
        } while (n != 0);
        return out.length - at;
    }
}
