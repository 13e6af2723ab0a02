package org.pouw.chain.difficulty;

import java.math.BigInteger;

/**
 * The compact ("nBits") form of a 256-bit target: one size byte and a three-byte mantissa,
 * {@code target = mantissa · 256^(size − 3)}. Only canonical, non-negative encodings are accepted, so every target
 * has one encoding and a header cannot carry the same difficulty in two spellings (docs/chain.md §6).
 */
public final class CompactTarget {
    private static final int SIGN_BIT = 0x0080_0000;
    private static final int MANTISSA = 0x007f_ffff;
    /** Targets are compared with 256-bit ticket hashes, so none may be wider. */
    private static final int MAX_TARGET_BITS = 256;

    private CompactTarget() {
    }

    /** The target {@code bits} stands for; refuses a negative, oversized or non-canonical encoding. */
    public static BigInteger decode(int bits) {
        int size = bits >>> 24;
        int mantissa = bits & MANTISSA;
        if ((bits & SIGN_BIT) != 0) {
            throw new IllegalArgumentException("compact target " + hex(bits) + " has the sign bit set");
        }
        BigInteger target = size <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - size)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (size - 3));
        if (target.bitLength() > MAX_TARGET_BITS) {
            throw new IllegalArgumentException("compact target " + hex(bits) + " is wider than 256 bits");
        }
        if (encode(target) != bits) {
            throw new IllegalArgumentException("compact target " + hex(bits) + " is not canonical; "
                    + hex(encode(target)) + " encodes the same target");
        }
        return target;
    }

    /** The canonical compact form of {@code target}, rounded down to three significant bytes. */
    public static int encode(BigInteger target) {
        if (target.signum() < 0 || target.bitLength() > MAX_TARGET_BITS) {
            throw new IllegalArgumentException("a target must be in [0, 2^256), got " + target);
        }
        int size = (target.bitLength() + 7) / 8;
        long mantissa = size <= 3
                ? target.longValue() << (8 * (3 - size))
                : target.shiftRight(8 * (size - 3)).longValue();
        if ((mantissa & SIGN_BIT) != 0) {
            // The top mantissa bit would read as a sign: move one byte into the size instead.
            mantissa >>>= 8;
            size++;
        }
        return (int) mantissa | size << 24;
    }

    static String hex(int bits) {
        return String.format("0x%08x", bits);
    }
}
