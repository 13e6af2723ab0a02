package org.pouw.stark.prover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.stark.FixedBinding;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.air.hashchain.HashChain;
import org.pouw.stark.air.hashchain.HashChainAir;
import org.pouw.stark.air.hashchain.HashChainTrace;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.verifier.ProofVerifier;

class HashChainRoundTripTest {
    private static final ProofOptions OPTIONS = new ProofOptions(8, 27, 16, 4, 32);
    private static final long[] SEED = {5, 6, 7, 8};

    @Test
    void aValidHashChainProofVerifies() {
        long steps = 16;
        long[][] trace = HashChainTrace.build(SEED, steps, ProverProgress.NONE);
        HashChainAir air = new HashChainAir(FixedBinding.statement(SEED, steps, HashChain.run(SEED, steps)));
        StarkProof proof = StarkProver.prove(air, trace, OPTIONS, ProverProgress.NONE);
        StarkVerdict verdict = ProofVerifier.verify(air, proof, 96, air.statement());
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
    }

    @Test
    void aTraceWithOneWrongCellFailsTheProversOwnDegreeCheckAndTheVerifier() {
        long steps = 4;
        long[][] trace = HashChainTrace.build(SEED, steps, ProverProgress.NONE);
        HashChainAir air = new HashChainAir(FixedBinding.statement(SEED, steps, HashChain.run(SEED, steps)));
        trace[7][13] = trace[7][13] + 1;
        assertThatThrownBy(() -> StarkProver.prove(air, trace, OPTIONS, ProverProgress.NONE))
                .isInstanceOf(IllegalStateException.class);
        StarkProof proof = StarkProver.proveWithoutSelfChecks(air, trace, OPTIONS);
        StarkVerdict verdict = ProofVerifier.verify(air, proof, 96, null);
        assertThat(verdict.valid()).isFalse();
    }
}
