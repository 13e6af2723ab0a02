package org.pouw.stark;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.hashchain.HashChainAir;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.hashchain.HashChainTrace;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.ProverMemory;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;

/**
 * Proves and verifies hash chains y = H^n(x), H = Rescue-Prime Rp64_256: the entry point for the CLI
 * ({@code pouw prove hash-chain}, {@code pouw verify}) and the node's work kind.
 */
public final class HashChainStark {
    /**
     * 96 conjectured bits: blowup 8, 27 queries, 16 grinding bits (27·3 + 16 − 1 = 96), FRI folding 4 down to at most
     * 32 remainder coefficients.
     */
    public static final ProofOptions OPTIONS_96 = new ProofOptions(8, 27, 16, 4, 32);
    /**
     * 128 conjectured bits: blowup 8, 38 queries, 16 grinding bits (38·3 + 16 − 1 = 129, capped at 128), challenges
     * in the cubic extension F_p³. Over F_p² the field term would cap the estimate at 126 − log2(N), 104 to 110 bits
     * for 2^16 to 2^10 hashes; over F_p³ it is 190 − log2(N); see {@link org.pouw.stark.proof.SecurityEstimate}.
     */
    public static final ProofOptions OPTIONS_128 = new ProofOptions(8, 38, 16, 4, 32, 3);

    private HashChainStark() {
    }

    /**
     * Computes y = H^steps(seed) and proves it for one job and prover. The parallel phases run on the ForkJoinPool
     * the caller runs in (the common pool by default; submit the call to a dedicated pool to bound the prover's
     * threads).
     *
     * @param binding  the job id and the prover's DID hash the proof is for; absorbed before any challenge
     * @param seed     4 canonical field elements
     * @param steps    number of hashes, 1 … 2^23
     * @param options  proof options (blowup at least 8)
     * @param progress phase and overall fraction, for a progress display
     * @return the encoded proof, which carries the statement (seed, steps, output, binding)
     */
    public static byte[] prove(JobBinding binding, long[] seed, long steps, ProofOptions options,
                               ProverProgress progress) {
        ProverProgress traceProgress = (phase, fraction) -> progress.onProgress(phase, 0.1 * fraction);
        long[][] trace = HashChainTrace.build(seed, steps, traceProgress);
        HashChainStatement statement = new HashChainStatement(seed, steps, HashChainTrace.output(trace, steps),
                binding);
        ProverProgress proverProgress = (phase, fraction) -> progress.onProgress(phase, 0.1 + 0.9 * fraction);
        return StarkProofCodec.encode(StarkProver.prove(new HashChainAir(statement), trace, options, proverProgress));
    }

    /**
     * Verifies a proof of exactly {@code expected}, which the caller builds from its own records (the node: the
     * job's params, its id and the DID holding its lease). The AIR and the transcript are built from
     * {@code expected}, never from the proof; the proof's public inputs are only compared with it, and decoded
     * only to say how they differ: another job or prover is {@link StarkVerdict.Reason#STATEMENT_MISMATCH}, an
     * older statement version {@link StarkVerdict.Reason#UNSUPPORTED_VERSION}.
     */
    public static StarkVerdict verify(byte[] proofBytes, HashChainStatement expected) {
        try {
            StarkProof proof;
            try {
                proof = StarkProofCodec.decode(proofBytes);
            } catch (ProofFormatException e) {
                return StarkVerdict.undecodable(e);
            }
            if (proof.airId() != HashChainAir.AIR_ID) {
                return StarkVerdict.invalid(StarkVerdict.Reason.SHAPE_MISMATCH, "proof is for AIR "
                        + proof.airId() + ", not the hash chain");
            }
            byte[] publicInputs = proof.publicInputs();
            if (!Arrays.equals(publicInputs, expected.encode())) {
                return StatementDifference.verdict(publicInputs, expected);
            }
            return ProofVerifier.verify(new HashChainAir(expected), proof, SecurityEstimate.MINIMUM_BITS, expected);
        } catch (RuntimeException e) {
            // Never expected (the fuzz tests look for it); refusing is the safe answer for a verifier.
            return StarkVerdict.invalid(StarkVerdict.Reason.INTERNAL_ERROR, e.toString());
        }
    }

    /**
     * A seed from free text (the CLI's {@code --seed S}): the first 32 bytes of BLAKE3("pouw-hash-chain-seed" ‖
     * UTF-8(text)), cut into four u64le words, each reduced mod p.
     */
    public static long[] seedFromText(String text) {
        byte[] digest = Blake3.hash("pouw-hash-chain-seed".getBytes(StandardCharsets.US_ASCII),
                text.getBytes(StandardCharsets.UTF_8));
        long[] seed = new long[HashChainStatement.DIGEST_LENGTH];
        for (int i = 0; i < seed.length; i++) {
            long word = 0;
            for (int k = 7; k >= 0; k--) {
                word = (word << 8) | (digest[8 * i + k] & 0xFF);
            }
            seed[i] = Goldilocks.reduce(word);
        }
        return seed;
    }

    /** The trace length a chain of {@code steps} hashes needs (8 rows per hash, rounded up to a power of two). */
    public static int traceLength(long steps) {
        return HashChainAir.traceLength(steps);
    }

    /** The least memory, in MiB, proving a chain of {@code steps} hashes under {@code options} needs (issue 27). */
    public static long proverMemoryMiB(long steps, ProofOptions options) {
        return ProverMemory.leastMiB(HashChainAir.WIDTH, 0, traceLength(steps), options);
    }
}
