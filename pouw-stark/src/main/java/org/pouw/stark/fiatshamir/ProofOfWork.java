package org.pouw.stark.fiatshamir;

import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.pouw.crypto.Blake3Words;

/**
 * Proof-of-work grinding bound to the transcript state: a nonce is valid for {@code bits} when
 * BLAKE3(0x02 ‖ state ‖ u64le(nonce)), its first 8 bytes read as a u64le word, has at least {@code bits} leading
 * zero bits. The prover grinds after the last FRI message and before the query positions are squeezed, so every
 * attempt to re-roll the queries costs 2^bits hashes: that is what makes grinding bits count toward security.
 */
public final class ProofOfWork {
    private static final byte GRIND = 0x02;
    private static final int BATCH = 1 << 14;

    private ProofOfWork() {
    }

    public static boolean isValid(byte[] state, long nonce, int bits) {
        return leadingZeros(new Blake3Words(), state, nonce) >= bits;
    }

    /**
     * The smallest valid nonce. The search runs in parallel batches but always returns the smallest, so proofs are
     * deterministic.
     */
    public static long solve(byte[] state, int bits) {
        if (bits == 0) {
            return 0;
        }
        for (long start = 0; start >= 0; start += BATCH) {
            long from = start;
            OptionalLong found = LongStream.range(from, from + BATCH).parallel()
                    .filter(nonce -> leadingZeros(threadHasher(), state, nonce) >= bits)
                    .min();
            if (found.isPresent()) {
                return found.getAsLong();
            }
        }
        throw new IllegalStateException("no proof-of-work nonce found");
    }

    private static final ThreadLocal<Blake3Words> HASHERS = ThreadLocal.withInitial(Blake3Words::new);

    private static Blake3Words threadHasher() {
        return HASHERS.get();
    }

    private static int leadingZeros(Blake3Words hasher, byte[] state, long nonce) {
        byte[] input = new byte[1 + state.length + 8];
        input[0] = GRIND;
        System.arraycopy(state, 0, input, 1, state.length);
        Transcript.putLe64(input, 1 + state.length, nonce);
        byte[] digest = hasher.hashBytes(input, 0, input.length);
        return Long.numberOfLeadingZeros(Transcript.readLe64(digest, 0));
    }
}
