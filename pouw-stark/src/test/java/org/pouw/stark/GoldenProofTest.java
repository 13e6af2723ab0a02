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

/**
 * Proofs committed under src/test/resources/golden must decode and verify with today's code, and today's prover must
 * still produce exactly those bytes. If the second check fails you changed the protocol or the encoding: old proofs
 * in the wild would then stop verifying unless the version is bumped and the old one kept readable.
 */
class GoldenProofTest {
    private static final String HASH_CHAIN_BLAKE3 =
            "10ecb4d90baac15dbde65990aaedc57084b19b909ccda22e23acfbf3ce842a99";
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
        Verdict verdict = HashChainStark.verify(golden, statement);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.VALID);
        assertThat(GoldenVectors.hashChainProof()).isEqualTo(golden);
    }

    @Test
    void theCommittedFibonacciProofStillVerifies() throws IOException {
        byte[] golden = resource("fibonacci-v1.bin");
        assertThat(Hex.encode(Blake3.hash(golden))).isEqualTo(FIBONACCI_BLAKE3);
        Verdict verdict = StarkVerifier.verify(golden);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.VALID);
        assertThat(verdict.statement()).get().isInstanceOf(FibonacciAir.class);
        assertThat(GoldenVectors.fibonacciProof()).isEqualTo(golden);
    }
}
