package org.pouw.stark.air.hashchain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.pouw.crypto.Goldilocks;

/**
 * The statement a hash-chain proof proves: {@code output = H^steps(seed)} with H the Rescue-Prime Rp64_256 hash of
 * a 4-element digest. Encoded as public inputs in 72 bytes: seed (4 × u64le) ‖ steps (u64le) ‖ output (4 × u64le).
 */
public record HashChainStatement(long[] seed, long steps, long[] output) {
    public static final int DIGEST_LENGTH = 4;
    public static final int ENCODED_LENGTH = 8 * (2 * DIGEST_LENGTH + 1);
    /** The trace (8 rows per hash, rounded up to a power of two) must stay within 2^26 rows. */
    public static final long MAX_STEPS = 1L << 23;

    public HashChainStatement {
        seed = checkDigest(seed, "seed");
        output = checkDigest(output, "output");
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
    }

    private static long[] checkDigest(long[] digest, String name) {
        if (digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException(name + " must have " + DIGEST_LENGTH + " elements");
        }
        for (long value : digest) {
            if (!Goldilocks.isCanonical(value)) {
                throw new IllegalArgumentException(name + " holds a non-canonical field element");
            }
        }
        return digest.clone();
    }

    @Override
    public long[] seed() {
        return seed.clone();
    }

    @Override
    public long[] output() {
        return output.clone();
    }

    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : seed) {
            buffer.putLong(v);
        }
        buffer.putLong(steps);
        for (long v : output) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    /** Decodes public inputs; throws IllegalArgumentException when they are malformed. */
    public static HashChainStatement decode(byte[] bytes) {
        if (bytes.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("hash-chain public inputs must be " + ENCODED_LENGTH + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] seed = new long[DIGEST_LENGTH];
        for (int i = 0; i < DIGEST_LENGTH; i++) {
            seed[i] = buffer.getLong();
        }
        long steps = buffer.getLong();
        long[] output = new long[DIGEST_LENGTH];
        for (int i = 0; i < DIGEST_LENGTH; i++) {
            output[i] = buffer.getLong();
        }
        return new HashChainStatement(seed, steps, output);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HashChainStatement s && steps == s.steps && Arrays.equals(seed, s.seed)
                && Arrays.equals(output, s.output);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seed) * 31 + Long.hashCode(steps) * 17 + Arrays.hashCode(output);
    }

    @Override
    public String toString() {
        return "H^" + steps + "(" + Arrays.toString(unsigned(seed)) + ") = " + Arrays.toString(unsigned(output));
    }

    private static String[] unsigned(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toUnsignedString).toArray(String[]::new);
    }
}
