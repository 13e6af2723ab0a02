package org.pouw.stark.air.hashchain;

import java.util.Arrays;
import org.pouw.crypto.Goldilocks;

/**
 * The plain (non-STARK) hash chain y = H^n(x) with H = Rescue-Prime Rp64_256 on a 4-element digest: each step
 * hashes the previous digest with the sponge of {@link RescuePrime#hash}, i.e. one permutation of the state
 * (x_0, x_1, x_2, x_3, 1, 0, 0, 0 | 0, 0, 0, 0) whose first four elements are the next digest. Sequential by
 * nature, which is what makes it usable as a verifiable delay function.
 */
public final class HashChain {
    private HashChain() {
    }

    /** One application of H. */
    public static long[] hash(long[] digest) {
        return new RescuePrime(RescuePrimeParameters.RP64_256).hash(checked(digest));
    }

    /** H^steps(seed). */
    public static long[] run(long[] seed, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be non-negative");
        }
        RescuePrime rescue = new RescuePrime(RescuePrimeParameters.RP64_256);
        long[] digest = checked(seed);
        for (long i = 0; i < steps; i++) {
            digest = rescue.hash(digest);
        }
        return digest;
    }

    private static long[] checked(long[] digest) {
        if (digest.length != HashChainStatement.DIGEST_LENGTH) {
            throw new IllegalArgumentException("a digest has " + HashChainStatement.DIGEST_LENGTH + " elements");
        }
        for (long v : digest) {
            if (!Goldilocks.isCanonical(v)) {
                throw new IllegalArgumentException("digest holds a non-canonical field element");
            }
        }
        return Arrays.copyOf(digest, digest.length);
    }
}
