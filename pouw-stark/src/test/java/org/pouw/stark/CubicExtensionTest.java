package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.PermutationAir;
import org.pouw.stark.air.hashchain.HashChain;
import org.pouw.stark.field.Fp3;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;

/** Proofs whose challenges live in F_p³ (OPTIONS_128), and the extension-degree header byte. */
class CubicExtensionTest {
    private static final long[] SEED = {5, 6, 7, 8};
    private static final long STEPS = 8;
    /** magic (8) ‖ version (2) ‖ AIR id (1), then the extension degree */
    private static final int DEGREE_BYTE = 11;
    private static final byte[] PROOF = HashChainStark.prove(FixedBinding.BINDING,
            SEED, STEPS, HashChainStark.OPTIONS_128,
            ProverProgress.NONE);
    private static final byte[] QUADRATIC_PROOF = HashChainStark.prove(FixedBinding.BINDING,
            SEED, STEPS, HashChainStark.OPTIONS_96,
            ProverProgress.NONE);

    @Test
    void aCubicProofVerifiesRoundTripsAndCarriesDegreeThree() throws Exception {
        StarkVerdict verdict = HashChainStark.verify(PROOF,
                FixedBinding.statement(SEED, STEPS, HashChain.run(SEED, STEPS)));
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(StarkVerifier.verify(PROOF, 128).valid()).isTrue();
        assertThat(PROOF[DEGREE_BYTE]).isEqualTo((byte) 3);
        StarkProof decoded = StarkProofCodec.decode(PROOF);
        assertThat(decoded.options()).isEqualTo(HashChainStark.OPTIONS_128);
        assertThat(decoded.remainder()[0]).isInstanceOf(Fp3.class);
        assertThat(StarkProofCodec.encode(decoded)).isEqualTo(PROOF);
        assertThat(HashChainStark.prove(FixedBinding.BINDING,
                SEED, STEPS, HashChainStark.OPTIONS_128, ProverProgress.NONE))
                .isEqualTo(PROOF);
    }

    @Test
    void aQuadraticProofCannotClaimOneHundredTwentyEightBits() {
        assertThat(StarkVerifier.verify(QUADRATIC_PROOF).valid()).isTrue();
        assertThat(StarkVerifier.verify(QUADRATIC_PROOF, 128).reason())
                .isEqualTo(StarkVerdict.Reason.INSUFFICIENT_SECURITY);
        byte[] quadratic128 = HashChainStark.prove(FixedBinding.BINDING,
                SEED, STEPS, HashChainStark.OPTIONS_128.withExtensionDegree(2),
                ProverProgress.NONE);
        assertThat(StarkVerifier.verify(quadratic128).valid()).isTrue();
        assertThat(StarkVerifier.verify(quadratic128, 128).reason()).isEqualTo(StarkVerdict.Reason.INSUFFICIENT_SECURITY);
    }

    @Test
    void changingTheDegreeByteIsRefused() {
        for (byte[] proof : new byte[][] {PROOF, QUADRATIC_PROOF}) {
            for (int degree : new int[] {0, 1, 2, 3, 4, 255}) {
                if (degree == proof[DEGREE_BYTE]) {
                    continue;
                }
                byte[] bent = proof.clone();
                bent[DEGREE_BYTE] = (byte) degree;
                StarkVerdict verdict = StarkVerifier.verify(bent);
                assertThat(verdict.valid()).as("degree %d", degree).isFalse();
                assertThat(verdict.reason()).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
            }
        }
    }

    @Test
    void changingSampledSingleBytesIsRefused() {
        Random random = new Random(33);
        int checked = 0;
        for (int position = 0; position < PROOF.length; position += position < 120 ? 1 : 1 + random.nextInt(60)) {
            byte[] mutated = PROOF.clone();
            mutated[position] ^= (byte) (1 + random.nextInt(255));
            StarkVerdict verdict = StarkVerifier.verify(mutated);
            assertThat(verdict.valid()).as("byte %d of %d", position, PROOF.length).isFalse();
            assertThat(verdict.reason()).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void mutatedCubicProofsAreRefusedWithoutThrowing() {
        Random random = new Random(34);
        for (int trial = 0; trial < 600; trial++) {
            StarkVerdict verdict = StarkVerifier.verify(VerifierFuzzTest.mutate(PROOF, random));
            assertThat(verdict.valid()).isFalse();
            assertThat(verdict.reason()).as(verdict.toString()).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
        }
    }

    @Test
    void anAuxiliarySegmentWorksOverTheCubicExtension() throws Exception {
        int n = 32;
        long[] a = new long[n];
        long[] b = new long[n];
        Random random = new Random(5);
        for (int i = 0; i < n - 1; i++) {
            a[i] = Goldilocks.reduce(random.nextLong());
        }
        for (int i = 0; i < n - 1; i++) {
            b[i] = a[(i * 7 + 1) % (n - 1)];
        }
        PermutationAir air = new PermutationAir(n);
        ProofOptions options = new ProofOptions(8, 32, 4, 2, 4, 3);
        StarkProof proof = StarkProver.prove(air, new long[][] {a, b}, options, ProverProgress.NONE);
        StarkProof decoded = StarkProofCodec.decode(StarkProofCodec.encode(proof));
        assertThat(decoded.auxOpening().rows()[0][0]).isInstanceOf(Fp3.class);
        assertThat(ProofVerifier.verify(air, decoded, 96, null).reason()).isEqualTo(StarkVerdict.Reason.VALID);
    }
}
