package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;

/**
 * The VM golden proof (docs/test-vectors.md, "VM proofs"): the committed bytes verify for the statement built from a
 * run of the interpreter, today's prover makes exactly those bytes, and the published changed copies — one byte
 * changed at each named place, the proof of another program, a statement for another job or prover — are each refused
 * with the reason the vector table gives.
 */
class VmGoldenProofTest {
    static final String FILE = "vm-fibonacci-v1.bin";
    static final String BLAKE3 = "d98f7bffa440fce3345c99a22a74c506e3f76270a64ea6fb8fc134eb8cb7d4ee";

    static byte[] golden() throws IOException {
        try (InputStream in = VmGoldenProofTest.class.getResourceAsStream("/golden/" + FILE)) {
            assertThat(in).as(FILE).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theCommittedProofVerifiesByteForByteAndTodaysProverMakesIt() throws IOException, ProofFormatException {
        byte[] golden = golden();
        assertThat(Hex.encode(Blake3.hash(golden))).isEqualTo(BLAKE3);
        StarkVerdict verdict = VmStark.verify(golden, GoldenVectors.vmProgram(), GoldenVectors.vmStatement());
        assertThat(verdict.reason()).as(verdict.toString()).isEqualTo(StarkVerdict.Reason.VALID);
        assertThat(StarkProofCodec.encode(StarkProofCodec.decode(golden))).isEqualTo(golden);
        assertThat(StarkProofCodec.decode(golden).publicInputs()).isEqualTo(GoldenVectors.vmStatement().encode());
        assertThat(GoldenVectors.vmProof()).isEqualTo(golden);
    }

    /** Each published edit: the byte at {@code offset} XORed with {@code xor}, and the reason it is refused with. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "magic,                    0,    0x01, MALFORMED",
        "format version,           8,    0x02, UNSUPPORTED_VERSION",
        "AIR id,                   10,   0x01, SHAPE_MISMATCH",
        "extension degree,         11,   0x01, MALFORMED",
        "query count,              13,   0x01, MALFORMED",
        "statement version,        23,   0x01, BAD_PUBLIC_INPUTS",
        "program hash,             31,   0x80, STATEMENT_MISMATCH",
        "step count,               143,  0x01, STATEMENT_MISMATCH",
        "end register r1,          175,  0x01, STATEMENT_MISMATCH",
        "job id,                   231,  0x01, STATEMENT_MISMATCH",
        "prover hash,              247,  0x01, STATEMENT_MISMATCH",
        "main trace root,          279,  0x01, OOD_MISMATCH",
        "auxiliary root,           311,  0x01, OOD_MISMATCH",
        "composition root,         343,  0x01, OOD_MISMATCH",
        "first OOD value,          375,  0x01, OOD_MISMATCH",
        "middle of the proof,      -2,   0x10, TRACE_OPENING_INVALID",
        "last byte,                -1,   0x01, FRI_OPENING_INVALID",
    })
    void eachPublishedChangedCopyIsRefused(String place, int offset, String xor, String reason) throws IOException {
        byte[] changed = golden();
        int at = offset == -1 ? changed.length - 1 : offset == -2 ? changed.length / 2 : offset;
        changed[at] ^= (byte) Integer.decode(xor).intValue();
        StarkVerdict verdict = VmStark.verify(changed, GoldenVectors.vmProgram(), GoldenVectors.vmStatement());
        assertThat(verdict.valid()).as(place).isFalse();
        assertThat(verdict.reason().name()).as(place + ": " + verdict).isEqualTo(reason);
    }

    @Test
    void theGoldenProofIsRefusedForAnotherProgramJobOrProver() throws IOException {
        byte[] golden = golden();
        VmStatement statement = GoldenVectors.vmStatement();
        Program power = Samples.program("power");
        // the verifier handed another program than the one the statement names
        assertThat(VmStark.verify(golden, power, statement).reason())
                .isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        // a statement for the other program, with the same start, steps and end
        VmStatement forPower = new VmStatement(power.hash(), statement.firstStep(), statement.start(),
                statement.steps(), true, statement.end(), statement.binding());
        assertThat(VmStark.verify(golden, power, forPower).reason())
                .isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        VmStatement otherJob = new VmStatement(statement.programHash(), statement.firstStep(), statement.start(),
                statement.steps(), true, statement.end(),
                JobBinding.of("ffeeddccbbaa99887766554433221100", FixedBinding.PROVER));
        assertThat(VmStark.verify(golden, GoldenVectors.vmProgram(), otherJob).detail()).contains("another job");
        VmStatement otherProver = new VmStatement(statement.programHash(), statement.firstStep(), statement.start(),
                statement.steps(), true, statement.end(), JobBinding.of(FixedBinding.JOB_ID,
                        "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG"));
        assertThat(VmStark.verify(golden, GoldenVectors.vmProgram(), otherProver).detail())
                .contains("another prover");
    }
}
