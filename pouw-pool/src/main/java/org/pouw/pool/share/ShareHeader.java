package org.pouw.pool.share;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The work of a share (docs/pool.md §2), the pool's copy of the rules the node re-checks (pouw-gate
 * {@code HeaderWork}; the two are tied by the test vectors in docs/pool.md, since the pool may not depend on the
 * gate): an 80-byte header in Bitcoin's layout — version, previous hash, Merkle root, time, bits, nonce, integers
 * little-endian — whose previous hash is SHA-256d of the node's signed share challenge, whose bits are the fixed
 * {@link #NBITS}, and whose root folds a coinbase naming the miner. Its hash, read as a little-endian integer, must be
 * at most the target; there is no tolerance.
 */
public final class ShareHeader {
    public static final int LENGTH = 80;
    /** Fixed: with a previous hash no Bitcoin block has, no share is also Bitcoin work (no merged mining). */
    public static final int NBITS = 0x207fffff;
    public static final String COINBASE_PREFIX = "pouw-coinbase-v1:";
    public static final int MAX_COINBASE_LENGTH = 256;
    private static final BigInteger MAX_HASH = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    /** The largest difficulty an attestation carries: JSON integers stay within 2^53 − 1. */
    public static final long MAX_DIFFICULTY = (1L << 53) - 1;

    private ShareHeader() {
    }

    public static byte[] sha256d(byte[] data) {
        MessageDigest sha = sha256();
        return sha.digest(sha.digest(data));
    }

    public static byte[] merkleRoot(byte[] coinbase, List<byte[]> branch) {
        byte[] root = sha256d(coinbase);
        for (byte[] step : branch) {
            byte[] pair = new byte[64];
            System.arraycopy(root, 0, pair, 0, 32);
            System.arraycopy(step, 0, pair, 32, 32);
            root = sha256d(pair);
        }
        return root;
    }

    public static byte[] coinbasePrefix(String minerDid) {
        return (COINBASE_PREFIX + minerDid + ":").getBytes(StandardCharsets.US_ASCII);
    }

    public static BigInteger hashValue(byte[] hash) {
        byte[] bigEndian = new byte[hash.length];
        for (int i = 0; i < hash.length; i++) {
            bigEndian[i] = hash[hash.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    public static String hashHex(BigInteger value) {
        return String.format("%064x", value);
    }

    /** floor((2^256 − 1) / difficulty): a share worth {@code difficulty} expected hashes hashes at most this. */
    public static BigInteger target(long difficulty) {
        if (difficulty < 1) {
            throw new IllegalArgumentException("difficulty must be >= 1, got " + difficulty);
        }
        return MAX_HASH.divide(BigInteger.valueOf(difficulty));
    }

    /** What a hash is worth, reported, never credited: floor((2^256 − 1) / hash), at most {@link #MAX_DIFFICULTY}. */
    public static long achieved(BigInteger hash) {
        if (hash.signum() == 0) {
            return MAX_DIFFICULTY;
        }
        BigInteger worth = MAX_HASH.divide(hash);
        return worth.bitLength() > 53 ? MAX_DIFFICULTY : Math.min(worth.longValueExact(), MAX_DIFFICULTY);
    }

    public static int littleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
