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
    private static final String HASH_CHAIN_BLAKE3 =
            "10ecb4d90baac15dbde65990aaedc57084b19b909ccda22e23acfbf3ce842a99";
    private static final String HASH_CHAIN_CUBIC_BLAKE3 =
            "c3b9f06c469a138d249e2e2264fece5d68bf7efeb2259e36182e4cb70d5e98f3";
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
        byte[] golden = resource("hash-chain-v1.bin");
        assertThat(Hex.encode(Blake3.hash(golden))).isEqualTo(HASH_CHAIN_BLAKE3);
        HashChainStatement statement = new HashChainStatement(GoldenVectors.HASH_CHAIN_SEED,
                GoldenVectors.HASH_CHAIN_STEPS, HashChain.run(GoldenVectors.HASH_CHAIN_SEED,
                        GoldenVectors.HASH_CHAIN_STEPS));
        StarkVerdict verdict = HashChainStark.verify(golden, statement);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(GoldenVectors.hashChainProof()).isEqualTo(golden);
    }

    /** Pins the degree-3 format: the extension-degree byte, 24-byte extension values and the F_p³ transcript. */
    @Test
    void theCommittedCubicHashChainProofStillVerifiesAtOneHundredTwentyEightBits() throws IOException,
            ProofFormatException {
        byte[] golden = resource("hash-chain-fp3-v1.bin");
        assertThat(Hex.encode(Blake3.hash(golden))).isEqualTo(HASH_CHAIN_CUBIC_BLAKE3);
        StarkProof decoded = StarkProofCodec.decode(golden);
        assertThat(decoded.options()).isEqualTo(GoldenVectors.HASH_CHAIN_CUBIC_OPTIONS);
        assertThat(decoded.options().extensionDegree()).isEqualTo(3);
        assertThat(decoded.remainder()[0]).isInstanceOf(Fp3.class);
        assertThat(SecurityEstimate.conjecturedBits(decoded.options(), decoded.traceLength()))
                .isGreaterThanOrEqualTo(128);
        assertThat(StarkProofCodec.encode(decoded)).isEqualTo(golden);
        HashChainStatement statement = new HashChainStatement(GoldenVectors.HASH_CHAIN_SEED,
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
