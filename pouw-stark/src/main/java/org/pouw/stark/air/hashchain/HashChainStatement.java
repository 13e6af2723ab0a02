package org.pouw.stark.air.hashchain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.pouw.crypto.Goldilocks;

/**
 * The statement a hash-chain proof proves: {@code output = H^steps(seed)} with H the Rescue-Prime Rp64_256 hash of
 * a 4-element digest, for one job and one prover ({@link JobBinding}). Encoded as public inputs in
 * {@value #ENCODED_LENGTH} bytes: version (u64le, {@value #VERSION}) ‖ seed (4 × u64le) ‖ steps (u64le) ‖ output
 * (4 × u64le) ‖ job id (16) ‖ prover hash (32).
 *
 * <p>Version 1 was the first 72 bytes without the version word and the binding; such a proof could be paid again
 * for any job with the same chain, so it is refused by its length, with {@link UnsupportedStatementVersion}.
 */
public record HashChainStatement(long[] seed, long steps, long[] output, JobBinding binding) {
    public static final int DIGEST_LENGTH = 4;
    public static final long VERSION = 2;
    /** The length of a version 1 statement: seed, steps and output, nothing else. */
    public static final int VERSION_1_LENGTH = 8 * (2 * DIGEST_LENGTH + 1);
    public static final int ENCODED_LENGTH = 8 + VERSION_1_LENGTH + JobBinding.JOB_ID_LENGTH
            + JobBinding.PROVER_HASH_LENGTH;
    /** The trace (8 rows per hash, rounded up to a power of two) must stay within 2^26 rows. */
    public static final long MAX_STEPS = 1L << 23;

    /** Public inputs of a statement version this code no longer accepts. */
    public static final class UnsupportedStatementVersion extends IllegalArgumentException {
        UnsupportedStatementVersion(String message) {
            super(message);
        }
    }

    public HashChainStatement {
        seed = checkDigest(seed, "seed");
        output = checkDigest(output, "output");
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
        if (binding == null) {
            throw new IllegalArgumentException("binding (job id and prover) is missing");
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

    /** Whether this and {@code other} claim the same chain (seed, steps, output), whatever job and prover. */
    public boolean sameChain(HashChainStatement other) {
        return steps == other.steps && Arrays.equals(seed, other.seed) && Arrays.equals(output, other.output);
    }

    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(VERSION);
        for (long v : seed) {
            buffer.putLong(v);
        }
        buffer.putLong(steps);
        for (long v : output) {
            buffer.putLong(v);
        }
        buffer.put(binding.jobId()).put(binding.proverHash());
        return buffer.array();
    }

    /**
     * Decodes public inputs; throws {@link UnsupportedStatementVersion} for an older version and
     * IllegalArgumentException when they are malformed.
     */
    public static HashChainStatement decode(byte[] bytes) {
        if (bytes.length == VERSION_1_LENGTH) {
            throw new UnsupportedStatementVersion("hash-chain statement version 1 (not bound to a job and prover)"
                    + " is no longer accepted; prove again for version " + VERSION);
        }
        if (bytes.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("hash-chain public inputs must be " + ENCODED_LENGTH + " bytes, got "
                    + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long version = buffer.getLong();
        if (version != VERSION) {
            throw new UnsupportedStatementVersion("hash-chain statement version " + Long.toUnsignedString(version)
                    + " is not supported; this node accepts version " + VERSION);
        }
        long[] seed = new long[DIGEST_LENGTH];
        for (int i = 0; i < DIGEST_LENGTH; i++) {
            seed[i] = buffer.getLong();
        }
        long steps = buffer.getLong();
        long[] output = new long[DIGEST_LENGTH];
        for (int i = 0; i < DIGEST_LENGTH; i++) {
            output[i] = buffer.getLong();
        }
        byte[] jobId = new byte[JobBinding.JOB_ID_LENGTH];
        byte[] proverHash = new byte[JobBinding.PROVER_HASH_LENGTH];
        buffer.get(jobId).get(proverHash);
        return new HashChainStatement(seed, steps, output, new JobBinding(jobId, proverHash));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HashChainStatement s && sameChain(s) && binding.equals(s.binding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seed) * 31 + Long.hashCode(steps) * 17 + Arrays.hashCode(output) * 7
                + binding.hashCode();
    }

    @Override
    public String toString() {
        return "H^" + steps + "(" + Arrays.toString(unsigned(seed)) + ") = " + Arrays.toString(unsigned(output))
                + " for " + binding;
    }

    private static String[] unsigned(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toUnsignedString).toArray(String[]::new);
    }
}
