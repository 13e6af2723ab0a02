package org.pouw.gate.poolattest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The arithmetic of a {@code sha256d-header} share (docs/pool.md §2), as the node re-checks it: an 80-byte
 * Bitcoin-layout header whose previous-block field is SHA-256d of the node's signed share challenge, whose bits field
 * is the fixed {@link #NBITS}, and whose Merkle root folds the miner's coinbase with its branch. The coinbase starts
 * with {@code "pouw-coinbase-v1:" ‖ miner did ‖ ":"}, so the work names its miner and can not be claimed by another.
 * The pool checks the same rules with its own copy (pouw-pool may not depend on pouw-gate); the test vectors in
 * docs/pool.md tie the two.
 */
public final class HeaderWork {
    public static final int HEADER_LENGTH = 80;
    /** Bitcoin's largest target encoding: fixed, so a share header can never double as a Bitcoin block header. */
    public static final int NBITS = 0x207fffff;
    public static final String COINBASE_PREFIX = "pouw-coinbase-v1:";
    public static final int MAX_COINBASE_LENGTH = 256;
    public static final int MAX_BRANCH_LENGTH = 32;
    private static final BigInteger MAX_HASH = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private HeaderWork() {
    }

    public static byte[] sha256d(byte[] data) {
        MessageDigest sha = sha256();
        return sha.digest(sha.digest(data));
    }

    /** The coinbase's SHA-256d folded with each branch hash on the right, as a Stratum miner computes the root. */
    public static byte[] merkleRoot(byte[] coinbase, List<byte[]> branch) {
        byte[] root = sha256d(coinbase);
        MessageDigest sha = sha256();
        for (byte[] step : branch) {
            sha.update(root);
            sha.update(step);
            root = sha.digest(sha.digest());
        }
        return root;
    }

    public static byte[] coinbasePrefix(String minerDid) {
        return (COINBASE_PREFIX + minerDid + ":").getBytes(StandardCharsets.US_ASCII);
    }

    /** The header hash as an unsigned integer: its bytes read little-endian, Bitcoin's convention. */
    public static BigInteger hashValue(byte[] hash) {
        byte[] bigEndian = new byte[hash.length];
        for (int i = 0; i < hash.length; i++) {
            bigEndian[i] = hash[hash.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** The hash as it is displayed and deduplicated: the integer's 64 hex digits, leading zeros first. */
    public static String hashHex(byte[] hash) {
        return String.format("%064x", hashValue(hash));
    }

    /**
     * The target of a share worth {@code difficulty} expected hashes: floor((2^256 − 1) / difficulty). A share counts
     * when its hash, as an integer, is at most the target; no tolerance.
     */
    public static BigInteger target(long difficulty) {
        if (difficulty < 1) {
            throw new IllegalArgumentException("difficulty must be >= 1, got " + difficulty);
        }
        return MAX_HASH.divide(BigInteger.valueOf(difficulty));
    }

    /** The target of {@code bits} bits of work: 2^(256 − bits) − 1, the hashes with {@code bits} leading zeros. */
    public static BigInteger targetOfBits(int bits) {
        return BigInteger.ONE.shiftLeft(256 - bits).subtract(BigInteger.ONE);
    }

    static int littleEndianInt(byte[] bytes, int offset) {
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
