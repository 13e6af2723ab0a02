package org.pouw.cli.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliRun;
import org.pouw.cli.ClusterCsv;
import org.pouw.client.ml.MlSweep;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 28: {@code pouw ml task submit --init} refuses a model that is not the task's architecture before it sends
 * anything (the node here is an address nothing listens on, so any request would fail differently), and the sweep
 * commands' grid, progress line and report table.
 */
class SweepAndInitCommandTest {
    @TempDir
    Path dir;

    @Test
    void anInitModelOfAnotherArchitectureIsRefusedBeforeAnythingIsSent() throws IOException {
        Path csv = ClusterCsv.write(dir.resolve("clusters.csv"), 200, 1.1);
        Path model = dir.resolve("m.pmlm");
        CliRun trained = CliRun.of("ml", "train", "--data", csv.toString(), "--classes", "3", "--arch", "mlp:4-8-3",
                "--steps", "5", "--batch", "16", "--out", model.toString(), "--json");
        assertThat(trained.exit()).as(trained.err()).isZero();
        Path onnx = dir.resolve("m.onnx");
        assertThat(CliRun.of("ml", "export", "--model", model.toString(), "--onnx", onnx.toString()).exit()).isZero();
        Files.writeString(dir.resolve("client.key"), "not used: refused before signing in");

        CliRun refused = CliRun.of("ml", "task", "submit", "--node", "http://127.0.0.1:9", "--key",
                dir.resolve("client.key").toString(), "--data", csv.toString(), "--classes", "3", "--arch",
                "mlp:4-16-3", "--steps", "5", "--batch", "16", "--target-accuracy", "0.5", "--fee", "1", "--init",
                onnx.toString());
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("--init").contains("parameter #0").contains("4×8").contains("4×16");
        assertThat(refused.out()).doesNotContain("sent");

        CliRun missing = CliRun.of("ml", "task", "submit", "--node", "http://127.0.0.1:9", "--key",
                dir.resolve("client.key").toString(), "--data", csv.toString(), "--classes", "3", "--arch",
                "mlp:4-8-3", "--steps", "5", "--target-accuracy", "0.5", "--fee", "1", "--init",
                dir.resolve("nothing.onnx").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--init: no such file");
    }

    @Test
    void theGridIsEveryCombinationWithTheLearningRateOutermost() {
        SweepGridOptions grid = new SweepGridOptions();
        grid.learningRates = List.of(0.01, 0.1);
        grid.weightDecays = List.of(0.0, 5e-4);
        grid.batches = List.of(16, 32);
        List<Map<String, Object>> configurations = grid.configurations();
        assertThat(configurations).hasSize(8);
        assertThat(configurations.get(0)).isEqualTo(Map.of("learning_rate", 0.01, "weight_decay", 0.0, "batch", 16));
        assertThat(configurations.get(1)).isEqualTo(Map.of("learning_rate", 0.01, "weight_decay", 0.0, "batch", 32));
        assertThat(configurations.get(7)).isEqualTo(Map.of("learning_rate", 0.1, "weight_decay", 5e-4, "batch", 32));
        grid.weightDecays = null;
        grid.batches = null;
        assertThat(grid.configurations()).containsExactly(Map.of("learning_rate", 0.01, "batch", 32),
                Map.of("learning_rate", 0.1, "batch", 32));
    }

    @Test
    void theProgressLineAndTheReportTable() {
        MlSweep sweep = MlSweep.from(JsonMapper.builder().build().readTree("""
                {"sweep_id":"ab12","status":"completed","folds":2,"jobs_total":4,"jobs_done":4,"best":1,
                 "configurations":[
                   {"configuration":0,"settings":{"learning_rate":0.01},"folds_verified":2,"mean":0.8,"std":0.05},
                   {"configuration":1,"settings":{"learning_rate":0.1},"folds_verified":2,"mean":0.9,"std":0.01}],
                 "jobs":[{"status":"completed"},{"status":"completed"},{"status":"completed"},{"status":"completed"}]}
                """));
        assertThat(SweepFollower.progressLine(sweep)).contains("4/4 tasks verified").contains("(completed)");
        String table = SweepFollower.table(sweep);
        assertThat(table.lines().filter(l -> l.contains("← best")).toList()).singleElement().asString()
                .startsWith("1 ").contains("90.00 % ± 1.00");
        assertThat(table).contains("80.00 % ± 5.00").contains("2/2");
    }

    @Test
    void aSearchFillsTheRequestsSpaceInTheOptionsOrderAndNeedsARange() {
        SweepSearchOptions search = new SweepSearchOptions();
        search.count = 6;
        search.seed = 9;
        search.learningRate = "0.001:0.3:log";
        search.batches = List.of(8, 16);
        assertThat(search.search()).isEqualTo(Map.of("seed", 9L, "count", 6, "space", Map.of(
                "learning_rate", Map.of("min", 0.001, "max", 0.3, "scale", "log"),
                "batch", Map.of("choices", List.of(8, 16)))));
        assertThat(search.baseLearningRate()).isEqualTo(0.001);
        search.learningRate = "fast";
        assertThat(org.assertj.core.api.Assertions.catchThrowable(search::search)).hasMessageStartingWith("--lr-range");
        SweepSearchOptions empty = new SweepSearchOptions();
        empty.count = 2;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(empty::search)).hasMessageStartingWith("--search");
    }

    @Test
    void theReportTableShowsWhatWasCancelledAndTheFinalRetrain() {
        MlSweep sweep = MlSweep.from(JsonMapper.builder().build().readTree("""
                {"sweep_id":"cd34","status":"cancelled","folds":2,"jobs_total":4,"jobs_done":1,"best":null,
                 "configurations":[{"configuration":0,"settings":{"batch":8},"folds_verified":1,"mean":null,"std":null}],
                 "cancelled":{"jobs":3,"refunded":900},
                 "final":{"status":"not_posted","intent_id":null,"note":"not posted: the sweep was cancelled"},
                 "cancel":{"jobs_cancelled":3,"refunded":900,"jobs_running":1},
                 "jobs":[{"status":"completed"},{"status":"cancelled"},{"status":"cancelled"},{"status":"cancelled"}]}
                """));
        assertThat(SweepFollower.table(sweep)).contains("cancelled: 3 tasks, 900 refunded")
                .contains("final retrain: not_posted — not posted: the sweep was cancelled");
        assertThat(SweepCancelCommand.summary(sweep)).isEqualTo(
                "sweep cd34: 3 tasks cancelled, 900 refunded; 1 under lease finish and are paid");
        assertThat(SweepFollower.progressLine(sweep)).contains("1/4 tasks verified").contains("3 ended unverified");
    }

    @Test
    void theFinalAskSaysWhetherTheRetrainWaitsOrWasPosted() {
        MlSweep waiting = MlSweep.from(JsonMapper.builder().build().readTree("""
                {"sweep_id":"ef56","status":"completed","jobs_total":2,"jobs_done":2,"best":1,
                 "final":{"status":"waiting","intent_id":null,"note":null}}
                """));
        MlSweep posted = MlSweep.from(JsonMapper.builder().build().readTree("""
                {"sweep_id":"ef56","status":"completed","jobs_total":2,"jobs_done":2,"best":1,
                 "final":{"status":"posted","intent_id":"ab12","note":"configuration 1 trained on every record"}}
                """));
        assertThat(SweepFinalCommand.summary(waiting)).isEqualTo("sweep ef56: final retrain waiting");
        assertThat(SweepFinalCommand.summary(posted))
                .isEqualTo("sweep ef56: final retrain posted as ab12 — configuration 1 trained on every record");
    }
}
