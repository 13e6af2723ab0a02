package org.pouw.cli.ml;

import org.pouw.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import tools.jackson.databind.JsonNode;

class TaskNewCommandTest {
    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = SyntheticIdx.write(Files.createDirectory(dir.resolve("idx")), 64, 16);
    }

    @Test
    void writesADecodableTaskWhoseIdTrainPrintsToo() throws IOException {
        Path file = dir.resolve("task.bin");
        CliRun made = CliRun.of("ml", "task", "new", "--data", data.toString(), "--arch", "mlp:16-8-4", "--batch", "8",
                "--epochs", "2", "--seed", "5", "--target-accuracy", "0.9", "--fee", "250", "--out", file.toString(), "--json");
        assertThat(made.exit()).as(made.err()).isZero();
        JsonNode printed = made.lastJson();
        TrainingTask task = TrainingTask.decode(Files.readAllBytes(file));
        assertThat(task.id().hex()).isEqualTo(printed.path("id").asString());
        assertThat(task.steps()).isEqualTo(2 * (64 / 8));
        assertThat(task.fee()).isEqualTo(250);
        assertThat(task.target()).isEqualTo(TargetMetric.accuracyAtLeast(0.9));
        assertThat(task.datasetRoot().hex()).isEqualTo(printed.path("dataset_root").asString());

        JsonNode trained = CliRun.of("ml", "train", "--data", data.toString(), "--arch", "mlp:16-8-4", "--batch", "8",
                "--epochs", "2", "--seed", "5", "--out", dir.resolve("m.bin").toString(), "--json").jsonLines().getFirst();
        assertThat(trained.path("task").asString()).as("same training, different target and fee")
                .isNotEqualTo(task.id().hex());

        CliRun human = CliRun.of("ml", "task", "new", "--data", data.toString(), "--arch", "mlp:16-8-4", "--batch", "8",
                "--epochs", "2", "--seed", "5", "--target-accuracy", "0.9", "--fee", "250", "--out", file.toString());
        assertThat(human.out().lines().findFirst()).hasValue(task.id().hex());
    }

    @Test
    void theTargetIsExactlyOneOfAccuracyAndLoss() {
        String out = dir.resolve("t.bin").toString();
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", data.toString(), "--fee", "1",
                "--out", out), "--target-accuracy");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", data.toString(), "--fee", "1",
                "--target-accuracy", "1.5", "--out", out), "--target-accuracy");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", data.toString(), "--fee", "-1",
                "--target-loss", "0.1", "--out", out), "--fee");
    }

    @Test
    void submitChecksItsOptionsBeforeTalkingToANode() {
        // The node URL is unreachable on purpose: each of these must fail on its option first.
        String node = "http://127.0.0.1:1";
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "submit", "--node", node, "--data", data.toString(),
                "--fee", "1", "--target-loss", "0.1", "--model", dir.resolve("m.pmlm").toString()), "--model");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "submit", "--node", node, "--data", data.toString(),
                "--fee", "1"), "--target-accuracy");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "submit", "--node", node, "--data", data.toString(),
                "--fee", "1", "--target-accuracy", "0.5", "--wait", "--model", dir.toString()), "--model");
    }
}
