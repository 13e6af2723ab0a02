package org.pouw.stark.prover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.air.fibonacci.FibonacciAir;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.verifier.ProofVerifier;

class FibonacciRoundTripTest {
    private static final ProofOptions OPTIONS = new ProofOptions(8, 32, 4, 4, 8);

    @Test
    void aValidProofVerifies() {
        int n = 64;
        long[][] trace = FibonacciAir.trace(n);
        FibonacciAir air = new FibonacciAir(n, trace[1][n - 1]);
        StarkProof proof = StarkProver.prove(air, trace, OPTIONS, ProverProgress.NONE);
        StarkVerdict verdict = ProofVerifier.verify(air, proof, 96, null);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
    }

    @Test
    void aWrongResultIsRefused() {
        int n = 64;
        long[][] trace = FibonacciAir.trace(n);
        long result = trace[1][n - 1];
        FibonacciAir air = new FibonacciAir(n, result);
        StarkProof proof = StarkProver.prove(air, trace, OPTIONS, ProverProgress.NONE);
        FibonacciAir other = new FibonacciAir(n, org.pouw.crypto.Goldilocks.add(result, 1));
        assertThat(ProofVerifier.verify(other, proof, 96, null).valid()).isFalse();
    }

    @Test
    void foldingFactorsTwoToSixteenAllWork() {
        int n = 256;
        long[][] trace = FibonacciAir.trace(n);
        FibonacciAir air = new FibonacciAir(n, trace[1][n - 1]);
        for (int f : new int[] {2, 4, 8, 16}) {
            ProofOptions options = new ProofOptions(8, 32, 4, f, f);
            StarkProof proof = StarkProver.prove(air, FibonacciAir.trace(n), options, ProverProgress.NONE);
            assertThat(ProofVerifier.verify(air, proof, 96, null).reason()).as("folding %d", f)
                    .isEqualTo(StarkVerdict.Reason.VALID);
        }
    }

    @Test
    void aProofOfATraceWithOneWrongCellIsRefused() {
        int n = 64;
        long[][] trace = FibonacciAir.trace(n);
        FibonacciAir air = new FibonacciAir(n, trace[1][n - 1]);
        trace[0][17] = trace[0][17] + 1;
        StarkProof proof = StarkProver.proveWithoutSelfChecks(air, trace, OPTIONS);
        assertThat(ProofVerifier.verify(air, proof, 96, null).valid()).isFalse();
    }
}
