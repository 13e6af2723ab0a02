package org.pouw.cli.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliRun;
import org.pouw.cli.ExitCodes;
import org.pouw.crypto.Hex;
import org.pouw.kinds.vmstark.VmBatchParams;
import org.pouw.kinds.vmstark.VmStarkParams;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.VmBatchStark;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.ProgramCodec;
import org.pouw.vm.Samples;
import org.pouw.vm.VmState;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw verify batch.bin --batch params.json --program FILE…} on a real batch proof (AIR 4; three intents of two
 * programs, proven once here): accepted with the job's params and its programs, refused when the list differs from
 * the proven one (an end state changed, a member dropped, two swapped) or a byte of the proof changes, and a batch
 * proof without its list or one of its programs is a usage error naming the option.
 */
class BatchVerifyCommandTest {
    static final String JOB = "00112233445566778899aabbccddeeff";
    static final String PROVER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final Program FIBONACCI = Samples.program("fibonacci");
    static final Program POWER = Samples.program("power");

    @TempDir
    static Path dir;

    static byte[] proof;
    static Path proofFile;
    static Path fibonacciFile;
    static Path powerFile;
    static List<VmBatchParams.Member> members = new ArrayList<>();

    static VmBatchParams.Member member(String job, Program program, long... inputs) {
        ExecutionResult result = Interpreter.run(program, inputs, 10_000);
        return new VmBatchParams.Member(job, new VmStarkParams(program.hashHex(), 0, VmState.initial(inputs), result
                .steps(), true, result.finalState()));
    }

    static Path params(List<VmBatchParams.Member> list, String name) throws Exception {
        return Files.writeString(dir.resolve(name), new VmBatchParams(list).toJson());
    }

    @BeforeAll
    static void proveOnce() throws Exception {
        members.add(member("a", FIBONACCI, 10));
        members.add(member("b", POWER, 3, 4));
        members.add(member("c", FIBONACCI, 7));
        List<VmBatchStark.Run> runs = List.of(new VmBatchStark.Run(FIBONACCI, new long[] {10}),
                new VmBatchStark.Run(POWER, new long[] {3, 4}), new VmBatchStark.Run(FIBONACCI, new long[] {7}));
        proof = VmBatchStark.prove(runs, 10_000, JobBinding.of(JOB, PROVER), VmStark.OPTIONS_96,
                ProverProgress.NONE);
        proofFile = Files.write(dir.resolve("batch.bin"), proof);
        fibonacciFile = Files.write(dir.resolve("fibonacci.pvmp"), ProgramCodec.encode(FIBONACCI));
        powerFile = Files.write(dir.resolve("power.pvmp"), ProgramCodec.encode(POWER));
    }

    CliRun verify(Path batch, Path... programs) {
        List<String> args = new ArrayList<>(List.of("verify", proofFile.toString(), "--batch", batch.toString()));
        for (Path program : programs) {
            args.add("--program");
            args.add(program.toString());
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aRealBatchProofVerifiesAgainstTheJobsParamsAndItsPrograms() throws Exception {
        Path batch = params(members, "params.json");
        CliRun human = verify(batch, powerFile, fibonacciFile);
        assertThat(human.exit()).as(human.out() + human.err()).isEqualTo(ExitCodes.OK);
        assertThat(human.out()).startsWith("VALID").contains("each of the 3 intents", "job      " + JOB);
        JsonNode json = CliRun.of("verify", proofFile.toString(), "--batch", batch.toString(), "--program",
                fibonacciFile.toString(), "--program", powerFile.toString(), "--json").lastJson();
        assertThat(json.path("valid").asBoolean()).isTrue();
        assertThat(json.path("computation").asString()).isEqualTo("vm-batch");
        assertThat(json.path("intents").asInt()).isEqualTo(3);
        assertThat(json.path("prover_hash").asString()).isEqualTo(Hex.encode(JobBinding.of(JOB, PROVER).proverHash()));
    }

    @Test
    void aListOtherThanTheProvenOneIsInvalid() throws Exception {
        VmBatchParams.Member first = members.get(0);
        long[] registers = first.run().end().registers();
        registers[1] += 1;
        VmBatchParams.Member changedEnd = new VmBatchParams.Member("a", new VmStarkParams(first.run().programRef(), 0,
                first.run().start(), first.run().steps(), true, new VmState(first.run().end().pc(), registers)));
        List<List<VmBatchParams.Member>> lists = List.of(
                List.of(changedEnd, members.get(1), members.get(2)),
                List.of(members.get(0), members.get(1)),
                List.of(members.get(1), members.get(0), members.get(2)));
        for (int i = 0; i < lists.size(); i++) {
            CliRun run = verify(params(lists.get(i), "other-" + i + ".json"), fibonacciFile, powerFile);
            assertThat(run.exit()).as("list " + i + ": " + run.out()).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(run.out()).startsWith("INVALID").contains("STATEMENT_MISMATCH");
        }
    }

    @Test
    void aChangedBatchProofIsInvalid() throws Exception {
        byte[] changed = proof.clone();
        changed[changed.length / 2] ^= 1;
        Path file = Files.write(dir.resolve("changed.bin"), changed);
        CliRun run = CliRun.of("verify", file.toString(), "--batch", params(members, "p.json").toString(),
                "--program", fibonacciFile.toString(), "--program", powerFile.toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(run.out()).startsWith("INVALID");
    }

    @Test
    void aBatchProofWithoutItsListOrAProgramIsAUsageErrorNamingTheOption() throws Exception {
        CliRun noList = CliRun.of("verify", proofFile.toString(), "--program", fibonacciFile.toString());
        assertThat(noList.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noList.firstErrorLine()).contains("--batch");
        CliRun noPower = verify(params(members, "q.json"), fibonacciFile);
        assertThat(noPower.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPower.firstErrorLine()).contains("--program").contains(POWER.hashHex());
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"members\": 7}");
        CliRun bad = verify(garbage, fibonacciFile, powerFile);
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.firstErrorLine()).contains("--batch");
        assertThat(bad.err()).doesNotContain("Exception");
    }
}
