package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.fibonacci.FibonacciAir;
import org.pouw.stark.air.hashchain.HashChain;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.field.Fp3;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;

/**
 * Proofs committed under src/test/resources/golden must decode and verify with today's code, and today's prover must
 * still produce exactly those bytes. If the second check fails you changed the protocol or the encoding: old proofs
 * in the wild would then stop verifying unless the version is bumped and the old one kept readable.
 */
class GoldenProofTest {
    /** A proof of hash-chain statement version 1 (not bound to a job and prover), kept to be refused. */
    private static final String HASH_CHAIN_VERSION_1_BLAKE3 =
            "10ecb4d90baac15dbde65990aaedc57084b19b909ccda22e23acfbf3ce842a99";
    private static final String HASH_CHAIN_BLAKE3 =
            "c6a6deb15c68c1df3a869e4901446bc9b4a198dbff25a1123b4e71e2bc942ca9";
    private static final String HASH_CHAIN_CUBIC_BLAKE3 =
            "d5667fedf0d9a4e1a19524e66d7e2a2563a75f0eee63b9ab166ede27587e3ce5";
    private static final String FIBONACCI_BLAKE3 =
            "d3e8ef78841b0f5a11e8a8db6752082f1966989d0da4e76eb1ba12b258749146";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenProofTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theCommittedHashChainProofStillVerifies() throws IOException {
        byte[] golden = resource("hash-chain-v2.bin");
        assertThat(Hex.encode(Blake3.hash(golden))).isEqualTo(HASH_CHAIN_BLAKE3);
        HashChainStatement statement = FixedBinding.statement(GoldenVectors.HASH_CHAIN_SEED,
                GoldenVectors.HASH_CHAIN_STEPS, HashChain.run(GoldenVectors.HASH_CHAIN_SEED,
                        GoldenVectors.HASH_CHAIN_STEPS));
        StarkVerdict verdict = HashChainStark.verify(golden, statement);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(GoldenVectors.hashChainProof()).isEqualTo(golden);
    }

    /**
     * A valid proof of the previous statement version (seed, steps, output, nothing binding it to a job) is refused
     * with its reason, by the node's path and by the library's, rather than misread as a version 2 statement.
     */
    @Test
    void aProofOfStatementVersionOneIsRefusedWithItsReason() throws IOException {
        byte[] old = resource("hash-chain-v1.bin");
        assertThat(Hex.encode(Blake3.hash(old))).isEqualTo(HASH_CHAIN_VERSION_1_BLAKE3);
        HashChainStatement statement = FixedBinding.statement(GoldenVectors.HASH_CHAIN_SEED,
                GoldenVectors.HASH_CHAIN_STEPS, HashChain.run(GoldenVectors.HASH_CHAIN_SEED,
                        GoldenVectors.HASH_CHAIN_STEPS));
        for (StarkVerdict verdict : new StarkVerdict[] {HashChainStark.verify(old, statement),
                StarkVerifier.verify(old)}) {
            assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.UNSUPPORTED_VERSION);
            assertThat(verdict.detail()).contains("statement version 1");
        }
    }

    /** Pins the degree-3 format: the extension-degree byte, 24-byte extension values and the F_p³ transcript. */
    @Test
    void theCommittedCubicHashChainProofStillVerifiesAtOneHundredTwentyEightBits() throws IOException,
            ProofFormatException {
        byte[] golden = resource("hash-chain-fp3-v2.bin");
        assertThat(Hex.encode(Blake3.hash(golden))).isEqualTo(HASH_CHAIN_CUBIC_BLAKE3);
        StarkProof decoded = StarkProofCodec.decode(golden);
        assertThat(decoded.options()).isEqualTo(GoldenVectors.HASH_CHAIN_CUBIC_OPTIONS);
        assertThat(decoded.options().extensionDegree()).isEqualTo(3);
        assertThat(decoded.remainder()[0]).isInstanceOf(Fp3.class);
        assertThat(SecurityEstimate.conjecturedBits(decoded.options(), decoded.traceLength()))
                .isGreaterThanOrEqualTo(128);
        assertThat(StarkProofCodec.encode(decoded)).isEqualTo(golden);
        HashChainStatement statement = FixedBinding.statement(GoldenVectors.HASH_CHAIN_SEED,
                GoldenVectors.HASH_CHAIN_STEPS, HashChain.run(GoldenVectors.HASH_CHAIN_SEED,
                        GoldenVectors.HASH_CHAIN_STEPS));
        StarkVerdict verdict = StarkVerifier.verify(golden, 128);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(verdict.statement()).contains(statement);
        assertThat(HashChainStark.verify(golden, statement).reason()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(GoldenVectors.hashChainCubicProof()).isEqualTo(golden);
    }

    @Test
    void theCommittedFibonacciProofStillVerifies() throws IOException {
        byte[] golden = resource("fibonacci-v1.bin");
        assertThat(Hex.encode(Blake3.hash(golden))).isEqualTo(FIBONACCI_BLAKE3);
        StarkVerdict verdict = StarkVerifier.verify(golden);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(verdict.statement()).get().isInstanceOf(FibonacciAir.class);
        assertThat(GoldenVectors.fibonacciProof()).isEqualTo(golden);
    }
}
