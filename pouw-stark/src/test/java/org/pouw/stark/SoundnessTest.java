package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.stark.air.hashchain.HashChain;
import org.pouw.stark.air.hashchain.HashChainAir;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.hashchain.HashChainTrace;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.DishonestProver;

/**
 * The checks issue 3 calls "the product": a valid proof verifies, and every way of bending it is refused.
 */
class SoundnessTest {
    private static final long[] SEED = {101, 202, 303, 404};
    private static final long STEPS = 8;
    private static final byte[] PROOF = HashChainStark.prove(FixedBinding.BINDING,
            SEED, STEPS, HashChainStark.OPTIONS_96,
            ProverProgress.NONE);
    private static final HashChainStatement STATEMENT = FixedBinding.statement(SEED, STEPS, HashChain.run(SEED, STEPS));

    @Test
    void theValidProofVerifies() {
        assertThat(StarkVerifier.verify(PROOF).reason()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(HashChainStark.verify(PROOF, STATEMENT).valid()).isTrue();
    }

    @Test
    void changingAnySingleByteIsRefused() {
        Random random = new Random(2024);
        int checked = 0;
        for (int position = 0; position < PROOF.length; position += position < 200 ? 1 : 1 + random.nextInt(40)) {
            byte[] mutated = PROOF.clone();
            mutated[position] ^= (byte) (1 + random.nextInt(255));
            StarkVerdict verdict = StarkVerifier.verify(mutated);
            assertThat(verdict.valid()).as("byte %d of %d", position, PROOF.length).isFalse();
            assertThat(verdict.reason()).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
            checked++;
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void changingAnyPublicInputIsRefused() throws Exception {
        StarkProof proof = StarkProofCodec.decode(PROOF);
        long[] output = STATEMENT.output();
        long[] otherOutput = output.clone();
        otherOutput[2] = output[2] ^ 1;
        long[] otherSeed = SEED.clone();
        otherSeed[0]++;
        HashChainStatement[] forgeries = {
            FixedBinding.statement(SEED, STEPS, otherOutput),
            FixedBinding.statement(otherSeed, STEPS, output),
            FixedBinding.statement(SEED, STEPS - 1, output),
            FixedBinding.statement(SEED, STEPS - 1, HashChain.run(SEED, STEPS - 1)),
            FixedBinding.statement(SEED, STEPS + 1, HashChain.run(SEED, STEPS + 1)),
        };
        for (HashChainStatement forged : forgeries) {
            byte[] bytes = StarkProofCodec.encode(withPublicInputs(proof, forged.encode()));
            assertThat(StarkVerifier.verify(bytes).valid()).as("%s", forged).isFalse();
            assertThat(HashChainStark.verify(PROOF, forged).reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        }
    }

    @Test
    void aProofOfATraceWithOneChangedCellIsRefused() {
        Random random = new Random(77);
        for (int trial = 0; trial < 3; trial++) {
            long[][] trace = HashChainTrace.build(SEED, STEPS, ProverProgress.NONE);
            HashChainAir air = new HashChainAir(STATEMENT);
            int column = random.nextInt(12);
            int row = 1 + random.nextInt(trace[0].length - 2);
            trace[column][row] = org.pouw.crypto.Goldilocks.add(trace[column][row], 1);
            byte[] bytes = StarkProofCodec.encode(DishonestProver.prove(air, trace, HashChainStark.OPTIONS_96));
            StarkVerdict verdict = StarkVerifier.verify(bytes);
            assertThat(verdict.valid()).as("cell (%d, %d)", column, row).isFalse();
        }
    }

    @Test
    void aProofClaimingAWrongOutputIsRefusedEvenWhenHonestlyGrinded() {
        long[][] trace = HashChainTrace.build(SEED, STEPS, ProverProgress.NONE);
        long[] wrong = STATEMENT.output();
        wrong[0] = org.pouw.crypto.Goldilocks.add(wrong[0], 1);
        HashChainAir air = new HashChainAir(FixedBinding.statement(SEED, STEPS, wrong));
        byte[] bytes = StarkProofCodec.encode(DishonestProver.prove(air, trace, HashChainStark.OPTIONS_96));
        assertThat(StarkVerifier.verify(bytes).valid()).isFalse();
    }

    @Test
    void weakenedOptionsAreRefusedWhateverTheCallerAsks() {
        ProofOptions weak = new ProofOptions(8, 20, 8, 4, 32);
        byte[] bytes = HashChainStark.prove(FixedBinding.BINDING, SEED, 2, weak, ProverProgress.NONE);
        assertThat(StarkVerifier.verify(bytes).reason()).isEqualTo(StarkVerdict.Reason.INSUFFICIENT_SECURITY);
        assertThat(StarkVerifier.verify(bytes, 40).reason()).isEqualTo(StarkVerdict.Reason.INSUFFICIENT_SECURITY);
        assertThat(StarkVerifier.verify(PROOF, 120).reason()).isEqualTo(StarkVerdict.Reason.INSUFFICIENT_SECURITY);
    }

    @Test
    void theVerifierChecksTheGrindingNonce() throws Exception {
        StarkProof proof = StarkProofCodec.decode(PROOF);
        for (long delta = 1; delta <= 3; delta++) {
            StarkProof bent = new StarkProof(proof.airId(), proof.options(), proof.traceLengthLog2(),
                    proof.publicInputs(), proof.mainWidth(), proof.auxWidth(), proof.compositionColumns(),
                    proof.mainRoot(), proof.auxRoot(), proof.compositionRoot(), proof.ood(), proof.friRoots(),
                    proof.remainder(), proof.powNonce() + delta, proof.mainOpening(), proof.auxOpening(),
                    proof.compositionOpening(), proof.friOpenings());
            assertThat(StarkVerifier.verify(StarkProofCodec.encode(bent)).valid()).isFalse();
        }
    }

    static StarkProof withPublicInputs(StarkProof p, byte[] publicInputs) {
        return new StarkProof(p.airId(), p.options(), p.traceLengthLog2(), publicInputs, p.mainWidth(),
                p.auxWidth(), p.compositionColumns(), p.mainRoot(), p.auxRoot(), p.compositionRoot(), p.ood(),
                p.friRoots(), p.remainder(), p.powNonce(), p.mainOpening(), p.auxOpening(), p.compositionOpening(),
                p.friOpenings());
    }

    @Test
    void aRemainderOfTheWrongLengthOrAMissingFriLayerIsRefused() throws Exception {
        StarkProof p = StarkProofCodec.decode(PROOF);
        org.pouw.stark.field.Ext[] longer = java.util.Arrays.copyOf(p.remainder(), p.remainder().length + 1);
        longer[longer.length - 1] = org.pouw.stark.field.Fp2.ONE;
        org.pouw.stark.field.Ext[] shorter = java.util.Arrays.copyOf(p.remainder(), p.remainder().length - 1);
        for (org.pouw.stark.field.Ext[] remainder : new org.pouw.stark.field.Ext[][] {longer, shorter}) {
            StarkProof bent = new StarkProof(p.airId(), p.options(), p.traceLengthLog2(), p.publicInputs(),
                    p.mainWidth(), p.auxWidth(), p.compositionColumns(), p.mainRoot(), p.auxRoot(),
                    p.compositionRoot(), p.ood(), p.friRoots(), remainder, p.powNonce(), p.mainOpening(),
                    p.auxOpening(), p.compositionOpening(), p.friOpenings());
            assertThat(StarkVerifier.verify(StarkProofCodec.encode(bent)).reason()).isEqualTo(StarkVerdict.Reason.SHAPE_MISMATCH);
        }
        StarkProof fewerLayers = new StarkProof(p.airId(), p.options(), p.traceLengthLog2(), p.publicInputs(),
                p.mainWidth(), p.auxWidth(), p.compositionColumns(), p.mainRoot(), p.auxRoot(), p.compositionRoot(),
                p.ood(), p.friRoots().subList(1, p.friRoots().size()), p.remainder(), p.powNonce(), p.mainOpening(),
                p.auxOpening(), p.compositionOpening(), p.friOpenings().subList(1, p.friOpenings().size()));
        assertThat(StarkVerifier.verify(StarkProofCodec.encode(fewerLayers)).reason())
                .isEqualTo(StarkVerdict.Reason.SHAPE_MISMATCH);
    }
}
