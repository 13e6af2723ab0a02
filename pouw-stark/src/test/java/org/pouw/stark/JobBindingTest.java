package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.HashChain;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.hashchain.JobBinding;

/**
 * The job-and-prover binding of hash-chain proofs (docs/stark.md, "Threat model"): an honest proof verifies only for
 * the job and prover it was made for; the bytes are never changed, only the statement the verifier expects.
 */
class JobBindingTest {
    private static final long[] SEED = {5, 6, 7, 8};
    private static final long STEPS = 4;
    private static final long[] OUTPUT = HashChain.run(SEED, STEPS);
    private static final String OTHER_JOB = "ffeeddccbbaa99887766554433221100";
    private static final String THIEF = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG";
    private static final byte[] PROOF = HashChainStark.prove(FixedBinding.BINDING, SEED, STEPS,
            HashChainStark.OPTIONS_96, ProverProgress.NONE);

    @Test
    void anHonestProofVerifiesForItsJobAndProver() {
        assertThat(HashChainStark.verify(PROOF, FixedBinding.statement(SEED, STEPS, OUTPUT)).valid()).isTrue();
    }

    @Test
    void aProofSubmittedByAnotherProverForTheSameJobIsRefused() {
        HashChainStatement thief = new HashChainStatement(SEED, STEPS, OUTPUT,
                JobBinding.of(FixedBinding.JOB_ID, THIEF));
        StarkVerdict verdict = HashChainStark.verify(PROOF, thief);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        assertThat(verdict.detail()).contains("another prover");
    }

    @Test
    void aProofReplayedForASecondJobWithTheSameChainIsRefused() {
        HashChainStatement second = new HashChainStatement(SEED, STEPS, OUTPUT,
                JobBinding.of(OTHER_JOB, FixedBinding.PROVER));
        StarkVerdict verdict = HashChainStark.verify(PROOF, second);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        assertThat(verdict.detail()).contains("another job");
    }

    @Test
    void theStatementStaysUnderThePublicInputCapAndRoundTrips() {
        HashChainStatement statement = FixedBinding.statement(SEED, STEPS, OUTPUT);
        assertThat(statement.encode()).hasSize(HashChainStatement.ENCODED_LENGTH).hasSizeLessThanOrEqualTo(
                org.pouw.stark.proof.StarkProofCodec.MAX_PUBLIC_INPUT_LENGTH);
        assertThat(HashChainStatement.decode(statement.encode())).isEqualTo(statement);
    }

    /** The vector published in docs/test-vectors.md, "Hash-chain statements". */
    @Test
    void theGoldenStatementEncodesAsPublished() {
        assertThat(Hex.encode(JobBinding.proverHash(FixedBinding.PROVER)))
                .isEqualTo("077232d15240d10c94615cd23ea227926110edad1b00c104580ae7648e4da3ca");
        long[] seed = GoldenVectors.HASH_CHAIN_SEED;
        byte[] encoded = FixedBinding.statement(seed, 8, HashChain.run(seed, 8)).encode();
        assertThat(Hex.encode(encoded)).isEqualTo("0200000000000000" + "01000000000000000200000000000000"
                + "03000000000000000400000000000000" + "0800000000000000"
                + "c1d87c28c44548ae3f85039f7e60c54bbbe2fab858964f18ee1c8006b893930b"
                + "00112233445566778899aabbccddeeff"
                + "077232d15240d10c94615cd23ea227926110edad1b00c104580ae7648e4da3ca");
        assertThat(Hex.encode(Blake3.hash(encoded)))
                .isEqualTo("4badcde0bfb06a9d0d41e4d7b4bc02cbe1cc863c4a58652dd421d1b1a09d1ca5");
    }

    @Test
    void anUnknownStatementVersionIsRefusedByName() {
        byte[] encoded = FixedBinding.statement(SEED, STEPS, OUTPUT).encode();
        encoded[0] = 3;
        assertThatThrownBy(() -> HashChainStatement.decode(encoded))
                .isInstanceOf(HashChainStatement.UnsupportedStatementVersion.class).hasMessageContaining("version 3");
    }

    @Test
    void aBadJobIdOrProverIsNamed() {
        assertThatThrownBy(() -> JobBinding.of("job", FixedBinding.PROVER)).hasMessageContaining("job id");
        assertThatThrownBy(() -> JobBinding.of(FixedBinding.JOB_ID, "alice")).hasMessageContaining("prover");
    }
}
