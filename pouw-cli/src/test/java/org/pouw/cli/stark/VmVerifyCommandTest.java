package org.pouw.cli.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pouw.cli.CliRun;
import org.pouw.cli.ExitCodes;
import org.pouw.crypto.Hex;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.ProgramCodec;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw verify proof.bin --program FILE} on a real VM proof (the Fibonacci sample, proven once here): accepted
 * with the program encoded or as source, refused when one byte of the proof changes or the program is another, and a
 * VM proof without a program is a usage error naming {@code --program}.
 */
class VmVerifyCommandTest {
    static final String JOB = "0123456789abcdef0123456789abcdef";
    static final String PROVER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final Program FIBONACCI = Samples.program("fibonacci");
    static final long[] INPUTS = {10};

    @TempDir
    static Path dir;

    static byte[] proof;
    static Path proofFile;
    static Path encodedProgram;
    static Path sourceProgram;
    static ExecutionResult run;

    @BeforeAll
    static void proveOnce() throws Exception {
        proof = VmStark.prove(FIBONACCI, INPUTS, 10_000, JobBinding.of(JOB, PROVER), VmStark.OPTIONS_96,
                ProverProgress.NONE);
        run = Interpreter.run(FIBONACCI, INPUTS, 10_000);
        proofFile = Files.write(dir.resolve("vm.bin"), proof);
        encodedProgram = Files.write(dir.resolve("fibonacci.pvmp"), ProgramCodec.encode(FIBONACCI));
        sourceProgram = Files.writeString(dir.resolve("fibonacci.pasm"), Samples.source("fibonacci"),
                StandardCharsets.UTF_8);
    }

    @Test
    void aRealProofVerifiesAgainstItsProgramEncodedOrAsSource() {
        for (Path program : new Path[] {encodedProgram, sourceProgram}) {
            CliRun human = CliRun.of("verify", proofFile.toString(), "--program", program.toString());
            assertThat(human.exit()).as(human.out() + human.err()).isEqualTo(ExitCodes.OK);
            assertThat(human.out()).startsWith("VALID")
                    .contains("program  BLAKE3 " + FIBONACCI.hashHex(), "steps    " + run.steps(),
                            "start    pc=0 r0=10 r1=0", "r1=" + run.output()[1], "job      " + JOB);
        }
        JsonNode json = CliRun.of("verify", proofFile.toString(), "--program", encodedProgram.toString(), "--json")
                .lastJson();
        assertThat(json.path("valid").asBoolean()).isTrue();
        assertThat(json.path("computation").asString()).isEqualTo("vm");
        assertThat(json.path("program_hash").asString()).isEqualTo(FIBONACCI.hashHex());
        assertThat(json.path("steps").asLong()).isEqualTo(run.steps());
        assertThat(json.path("halts").asBoolean()).isTrue();
        assertThat(json.path("prover_hash").asString())
                .isEqualTo(Hex.encode(JobBinding.of(JOB, PROVER).proverHash()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 30, 200, 5000, -1})
    void aChangedProofIsInvalid(int position) throws Exception {
        byte[] changed = proof.clone();
        int at = position < 0 ? changed.length - 1 : position;
        changed[at] ^= 0x04;
        Path file = Files.write(dir.resolve("changed-" + position + ".bin"), changed);
        CliRun run = CliRun.of("verify", file.toString(), "--program", encodedProgram.toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode json = run.lastJson();
        assertThat(json.path("valid").asBoolean()).isFalse();
        assertThat(json.path("reason").asString()).isNotIn("", "VALID", "INTERNAL_ERROR");
        Files.delete(file);
    }

    @Test
    void theWrongProgramIsInvalidNamingBothHashes() throws Exception {
        Program power = Samples.program("power");
        Path other = Files.write(dir.resolve("power.pvmp"), ProgramCodec.encode(power));
        CliRun run = CliRun.of("verify", proofFile.toString(), "--program", other.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(run.out()).startsWith("INVALID").contains("STATEMENT_MISMATCH", FIBONACCI.hashHex(),
                power.hashHex());
    }

    @Test
    void aVmProofWithoutItsProgramOrWithABadProgramFileIsAUsageErrorNamingProgram() throws Exception {
        CliRun missing = CliRun.of("verify", proofFile.toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.firstErrorLine()).contains("--program");
        assertThat(missing.out()).isEmpty();
        Path garbage = Files.write(dir.resolve("garbage.pvmp"), new byte[] {1, 2, 3});
        Path badSource = Files.writeString(dir.resolve("bad.pasm"), "frobnicate r1\n");
        for (Path program : new Path[] {garbage, badSource, dir.resolve("none.pvmp")}) {
            CliRun run = CliRun.of("verify", proofFile.toString(), "--program", program.toString());
            assertThat(run.exit()).as(program.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(program.toString()).doesNotContain("Exception");
            assertThat(run.err().lines().count()).as(run.err()).isOne();
        }
        assertThat(CliRun.of("verify", proofFile.toString(), "--program", garbage.toString()).firstErrorLine())
                .contains("--program");
    }
}
