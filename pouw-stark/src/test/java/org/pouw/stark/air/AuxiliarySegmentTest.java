package org.pouw.stark.air;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.DishonestProver;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;

class AuxiliarySegmentTest {
    private static final ProofOptions OPTIONS = new ProofOptions(8, 32, 4, 2, 4);

    private static long[][] permutedColumns(int n, Random random, boolean honest) {
        long[] a = new long[n];
        for (int i = 0; i < n - 1; i++) {
            a[i] = Goldilocks.reduce(random.nextLong());
        }
        long[] b = new long[n];
        for (int i = 0; i < n - 1; i++) {
            b[i] = a[(i * 5 + 3) % (n - 1)];
        }
        if (!honest) {
            b[2] = Goldilocks.add(b[2], 1);
        }
        return new long[][] {a, b};
    }

    @Test
    void aPermutationArgumentProvesAndVerifiesThroughTheCodec() throws Exception {
        int n = 32;
        PermutationAir air = new PermutationAir(n);
        StarkProof proof = StarkProver.prove(air, permutedColumns(n, new Random(1), true), OPTIONS,
                ProverProgress.NONE);
        StarkProof decoded = StarkProofCodec.decode(StarkProofCodec.encode(proof));
        assertThat(decoded.auxWidth()).isEqualTo(1);
        assertThat(ProofVerifier.verify(air, decoded, 96, null).reason()).isEqualTo(StarkVerdict.Reason.VALID);
    }

    @Test
    void columnsThatAreNotAPermutationCannotBeProven() {
        int n = 32;
        PermutationAir air = new PermutationAir(n);
        long[][] trace = permutedColumns(n, new Random(2), false);
        assertThatThrownBy(() -> StarkProver.prove(air, trace, OPTIONS, ProverProgress.NONE))
                .isInstanceOf(IllegalStateException.class);
        StarkProof forged = DishonestProver.prove(air, trace, OPTIONS);
        assertThat(ProofVerifier.verify(air, forged, 96, null).valid()).isFalse();
    }
}
