package org.pouw.cli.stark;

import org.pouw.cli.CliRun;
import org.pouw.cli.JsonSpelling;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pouw.cli.ExitCodes;
import org.pouw.stark.HashChainStark;
import org.pouw.stark.air.hashchain.HashChain;

/** {@code pouw prove hash-chain} and {@code pouw verify}, run in this JVM on a small chain proven once. */
class StarkCommandsTest {
    static final long STEPS = 32;
    static final String SEED = "stark cli test";
    static final String JOB = "0123456789abcdef0123456789abcdef";
    static final String PROVER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    @TempDir
    static Path dir;

    static Path proofFile;
    static byte[] proof;
    static CliRun proved;

    @BeforeAll
    static void proveOnce() throws Exception {
        proofFile = dir.resolve("proof.bin");
        proved = CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", PROVER,
                "--steps", Long.toString(STEPS), "--seed", SEED,
                "--out", proofFile.toString());
        proof = Files.readAllBytes(proofFile);
    }

    static String expectedOutput() {
        return DigestHex.format(HashChain.run(HashChainStark.seedFromText(SEED), STEPS));
    }

    @Test
    void proveReportsTheChainAndWritesOnlyTheProof() throws Exception {
        assertThat(proved.exit()).as(proved.err()).isZero();
        assertThat(proved.err()).isEmpty();
        assertThat(proved.out()).contains("steps    32", "output   " + expectedOutput(), "written  " + proofFile)
                .containsPattern("proof    [\\d,]+ bytes").containsPattern("time     \\d+\\.\\d\\d s")
                .as("plain lines, not a bar, when stdout is not a terminal").doesNotContain("\r");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial file left behind")
                    .containsExactly("proof.bin");
        }
    }

    @Test
    void verifyPrintsTheStatementHashChainRunComputes() {
        CliRun human = CliRun.of("verify", proofFile.toString());
        assertThat(human.exit()).isEqualTo(ExitCodes.OK);
        assertThat(human.out()).startsWith("VALID").contains("steps    32", "output   " + expectedOutput(),
                "job      " + JOB,
                "seed     " + DigestHex.format(HashChainStark.seedFromText(SEED)));

        JsonNode json = CliRun.of("verify", proofFile.toString(), "--json").lastJson();
        assertThat(json.path("valid").asBoolean()).isTrue();
        assertThat(json.path("steps").asLong()).isEqualTo(STEPS);
        assertThat(json.path("output").asString()).isEqualTo(expectedOutput());
        assertThat(json.path("security_bits").asInt()).isGreaterThanOrEqualTo(96);
        assertThat(json.path("verify_ms").isIntegralNumber()).isTrue();
        JsonSpelling.assertApiSpelling(json);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 40, 200, 1000, -1})
    void aFlippedByteIsInvalidWithAReason(int position) throws Exception {
        byte[] mutated = proof.clone();
        int at = position < 0 ? mutated.length - 1 : Math.min(position, mutated.length / 2);
        mutated[at] ^= 0x01;
        Path file = dir.resolve("flipped-" + position + ".bin");
        Files.write(file, mutated);
        CliRun run = CliRun.of("verify", file.toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode json = run.lastJson();
        assertThat(json.path("valid").asBoolean()).isFalse();
        assertThat(json.path("reason").asString()).isNotEmpty().isNotEqualTo("VALID").isNotEqualTo("INTERNAL_ERROR");
        Files.delete(file);
    }

    @Test
    void truncatedEmptyAndPaddedFilesAreInvalidNotCrashes() throws Exception {
        for (byte[] bytes : new byte[][] {Arrays.copyOf(proof, proof.length / 2), new byte[0],
                Arrays.copyOf(proof, proof.length + 1)}) {
            Path file = Files.write(dir.resolve("bad-" + bytes.length + ".bin"), bytes);
            CliRun run = CliRun.of("verify", file.toString());
            assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(run.out()).startsWith("INVALID").contains("reason   MALFORMED");
            assertThat(run.err()).isEmpty();
            Files.delete(file);
        }
    }

    @Test
    void aMissingFileOrADirectoryIsExit2InOneLine() {
        for (Path file : new Path[] {dir.resolve("no-such.bin"), dir}) {
            CliRun run = CliRun.of("verify", file.toString());
            assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err().lines().count()).as(run.err()).isOne();
            assertThat(run.err()).startsWith("pouw: ").doesNotContain("Exception", "\tat ");
            assertThat(run.out()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "8388609", "many"})
    void badStepsAreExit2NamingSteps(String steps) {
        CliRun run = CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", PROVER,
                "--steps", steps, "--seed", "x",
                "--out", dir.resolve("never.bin").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.firstErrorLine()).contains("--steps");
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(dir.resolve("never.bin")).doesNotExist();
    }

    @Test
    void otherBadOptionsAreExit2NamingTheOption() {
        String out = dir.resolve("never.bin").toString();
        assertThat(CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", PROVER,
                "--steps", "4", "--seed", "x", "--out", out, "--security", "100")
                .firstErrorLine()).contains("--security");
        assertThat(CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", PROVER,
                "--steps", "4", "--seed-hex", "1,2,3", "--out", out)
                .firstErrorLine()).contains("--seed-hex");
        CliRun noDir = CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", PROVER,
                "--steps", "4", "--seed", "x",
                "--out", dir.resolve("missing/p.bin").toString());
        assertThat(noDir.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDir.firstErrorLine()).contains("--out", "no such directory");
        assertThat(CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", PROVER,
                "--steps", "4", "--out", out).exit())
                .as("a seed is required").isEqualTo(ExitCodes.USAGE);
    }

    /** Offline proofs are bound too: the job and the prover must be named, and a bad value names its option. */
    @Test
    void jobIdAndProverAreRequiredAndChecked() {
        String out = dir.resolve("never.bin").toString();
        CliRun noJob = CliRun.of("prove", "hash-chain", "--prover", PROVER, "--steps", "4", "--seed", "x",
                "--out", out);
        assertThat(noJob.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noJob.err()).contains("--job-id");
        CliRun noProver = CliRun.of("prove", "hash-chain", "--job-id", JOB, "--steps", "4", "--seed", "x",
                "--out", out);
        assertThat(noProver.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noProver.err()).contains("--prover");
        assertThat(CliRun.of("prove", "hash-chain", "--job-id", "job-1", "--prover", PROVER, "--steps", "4",
                "--seed", "x", "--out", out).firstErrorLine()).contains("--job-id");
        assertThat(CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", "alice", "--steps", "4",
                "--seed", "x", "--out", out).firstErrorLine()).contains("--prover");
        assertThat(dir.resolve("never.bin")).doesNotExist();
    }

    @Test
    void jsonProveIsJsonLinesAndTheOutputSeedsTheNextChain() {
        Path next = dir.resolve("next.bin");
        CliRun run = CliRun.of("prove", "hash-chain", "--job-id", JOB, "--prover", PROVER,
                "--steps", "8", "--seed-hex", expectedOutput(),
                "--security", "128", "--out", next.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        var lines = run.jsonLines();
        assertThat(lines.getFirst().path("event").asString()).isEqualTo("start");
        assertThat(lines).filteredOn(l -> l.path("event").asString().equals("progress")).isNotEmpty()
                .allSatisfy(l -> assertThat(l.path("percent").asInt()).isBetween(0, 100));
        JsonNode result = run.lastJson();
        assertThat(result.path("event").asString()).isEqualTo("result");
        assertThat(result.path("seed").asString()).isEqualTo(expectedOutput());
        long[] continued = HashChain.run(HashChain.run(HashChainStark.seedFromText(SEED), STEPS), 8);
        assertThat(result.path("output").asString()).isEqualTo(DigestHex.format(continued));
        assertThat(result.path("proof_bytes").asLong()).isEqualTo(next.toFile().length());
        JsonSpelling.assertApiSpelling(lines);
        assertThat(CliRun.of("verify", next.toString()).exit()).isZero();
    }
}
