package org.pouw.cli.ml;

import org.pouw.cli.CliRun;
import org.pouw.cli.JsonSpelling;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.ExitCodes;
import tools.jackson.databind.JsonNode;

/** {@code pouw ml train} and {@code pouw ml evaluate} run in-process on a tiny synthetic IDX dataset. */
class MlCommandTest {
    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = SyntheticIdx.write(Files.createDirectory(dir.resolve("idx")), 400, 100);
    }

    static CliRun train(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("ml", "train", "--data", data.toString(), "--arch", "mlp:16-12-4",
                "--batch", "16", "--epochs", "4", "--lr", "0.1", "--out", dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void trainWritesAModelThatEvaluateScoresTheSame() {
        CliRun trained = train("a.bin", "--json");
        assertThat(trained.exit()).as(trained.err()).isZero();
        List<JsonNode> lines = trained.jsonLines();
        assertThat(lines.getFirst().path("event").asString()).isEqualTo("start");
        assertThat(lines.stream().filter(l -> l.path("event").asString().equals("progress")).count()).isBetween(2L, 11L);
        JsonNode result = trained.lastJson();
        assertThat(result.path("event").asString()).isEqualTo("result");
        assertThat(result.path("steps").asLong()).isEqualTo(4 * (400 / 16));
        assertThat(result.path("held_out_records").asLong()).isEqualTo(100);
        assertThat(result.path("train_ms").isIntegralNumber()).isTrue();
        assertThat(lines).filteredOn(l -> l.path("event").asString().equals("progress"))
                .allSatisfy(l -> assertThat(l.has("eta_ms") && l.has("steps_per_second")).as(l.toString()).isTrue());
        JsonSpelling.assertApiSpelling(lines);
        assertThat(result.path("accuracy").asDouble()).as("the synthetic classes are easy").isGreaterThan(0.9);

        CliRun evaluated = CliRun.of("ml", "evaluate", "--model", dir.resolve("a.bin").toString(),
                "--data", data.toString(), "--json");
        assertThat(evaluated.exit()).as(evaluated.err()).isZero();
        JsonNode score = evaluated.lastJson();
        assertThat(score.path("accuracy").asDouble()).isEqualTo(result.path("accuracy").asDouble());
        assertThat(score.path("loss").asDouble()).isEqualTo(result.path("loss").asDouble());
        assertThat(score.path("model_hash").asString()).isEqualTo(result.path("model_hash").asString());
        assertThat(score.path("confusion").size()).isEqualTo(SyntheticIdx.CLASSES);
        assertThat(score.path("classes").get(0).has("precision")).isTrue();
        JsonSpelling.assertApiSpelling(evaluated.jsonLines());
    }

    @Test
    void theSameSeedGivesTheSameWeightsForAnyThreadCount() {
        JsonNode one = train("s1.bin", "--json", "--seed", "7").lastJson();
        JsonNode two = train("s2.bin", "--json", "--seed", "7", "--threads", "2").lastJson();
        JsonNode other = train("s3.bin", "--json", "--seed", "8").lastJson();
        assertThat(two.path("state_hash").asString()).isEqualTo(one.path("state_hash").asString());
        assertThat(two.path("model_hash").asString()).isEqualTo(one.path("model_hash").asString());
        assertThat(two.path("task").asString()).isEqualTo(one.path("task").asString());
        assertThat(other.path("state_hash").asString()).isNotEqualTo(one.path("state_hash").asString());
    }

    @Test
    void peopleGetProgressLinesAndATable() {
        CliRun trained = train("h.bin");
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("step 100/100 (epoch 4/4)", "held out accuracy", "BLAKE3")
                .doesNotContain("\r");
        CliRun evaluated = CliRun.of("ml", "evaluate", "--model", dir.resolve("h.bin").toString(), "--data", data.toString());
        assertThat(evaluated.exit()).isZero();
        assertThat(evaluated.out()).contains("precision  recall  support", "confusion matrix", "100 held-out records");
    }

    @Test
    void withoutATestSetAFractionIsHeldOut() throws IOException {
        Path trainOnly = SyntheticIdx.write(Files.createDirectory(dir.resolve("train-only")), 200, 0);
        CliRun trained = CliRun.of("ml", "train", "--images", trainOnly.resolve("train-images-idx3-ubyte").toString(),
                "--labels", trainOnly.resolve("train-labels-idx1-ubyte").toString(), "--held-out-fraction", "0.25",
                "--steps", "20", "--batch", "10", "--out", dir.resolve("f.bin").toString(), "--json");
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(trained.lastJson().path("held_out_records").asLong()).isEqualTo(50);
        assertThat(trained.jsonLines().getFirst().path("architecture").asString()).as("default shaped by the data")
                .isEqualTo("mlp:16-128-64-10");
        assertThat(ExitCodes.OK).isZero();
    }
}
