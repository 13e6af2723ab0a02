package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance for issue 4: a client process submits a training task with its data, a {@code pouw worker} process
 * trains it through commit → challenge → open over real HTTP, the node audits and pays, and the client gets a
 * model whose accuracy {@code pouw ml evaluate} confirms.
 */
class MlTrainingIT {
    @TempDir
    Path dir;

    Process node;
    Process worker;

    @AfterEach
    void stop() {
        for (Process process : new Process[] {worker, node}) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void aWorkerProcessEarnsFromAnMlTrainJobAndTheClientGetsTheVerifiedModel() throws Exception {
        ClusterCsv.write(dir.resolve("clusters.csv"), 400, 0.5);
        String client = NodeAndWorkerIT.did(CliProcess.run(dir, "keys", "new", "--out", "client.key", "--json"));
        String workerDid = NodeAndWorkerIT.did(CliProcess.run(dir, "keys", "new", "--out", "worker.key", "--json"));
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data", "--set", "genesis=" + client + "=100000", "--set",
                "ml.audits=12");
        await().atMost(CliProcess.timeout()).until(() -> NodeAndWorkerIT.healthy(url));
        worker = CliProcess.start(dir, dir.resolve("worker.log"), "worker", "--node", url, "--key", "worker.key",
                "--json");

        CliProcess.Result submitted = CliProcess.run(dir, "ml", "task", "submit", "--node", url, "--key",
                "client.key", "--data", "clusters.csv", "--classes", "3", "--arch", "mlp:4-16-3", "--steps", "300",
                "--batch", "16", "--target-accuracy", "0.8", "--fee", "2000", "--wait", "--model", "model.pmlm",
                "--json");
        assertThat(submitted.exit()).as(submitted.out() + submitted.err()).isZero();
        List<String> lines = submitted.out().lines().toList();
        JsonNode created = NodeAndWorkerIT.JSON.readTree(lines.get(0));
        JsonNode verified = NodeAndWorkerIT.JSON.readTree(lines.get(lines.size() - 1));
        String id = created.path("intent_id").asString();
        assertThat(verified.path("status").asString()).isEqualTo("proven");
        assertThat(verified.path("trained_by").asString()).isEqualTo(workerDid);
        JsonNode quality = verified.path("quality");
        assertThat(quality.path("target_met").asBoolean()).isTrue();
        assertThat(quality.path("audited_steps").asInt()).isEqualTo(12);

        CliProcess.Result evaluated = CliProcess.run(dir, "ml", "evaluate", "--model", "model.pmlm", "--data",
                "clusters.csv", "--classes", "3", "--json");
        assertThat(evaluated.exit()).as(evaluated.err()).isZero();
        assertThat(NodeAndWorkerIT.JSON.readTree(evaluated.out()).path("accuracy").asDouble())
                .isEqualTo(quality.path("accuracy").asDouble());

        CliProcess.Result status = CliProcess.run(dir, "ml", "task", "status", "--node", url, id);
        assertThat(status.out()).contains("proven").contains("target accuracy").contains("met")
                .contains("12 of 300 steps audited");
        // The other name submit printed, the task id, names the same single task (issue 25 §2.4).
        String taskId = created.path("task_id").asString();
        CliProcess.Result byTaskId = CliProcess.run(dir, "ml", "task", "status", "--node", url, taskId);
        assertThat(byTaskId.exit()).as(byTaskId.err()).isZero();
        assertThat(byTaskId.out()).contains("task " + taskId).contains("intent " + id).contains("proven");
        CliProcess.Result balance = CliProcess.run(dir, "balance", "--node", url, "--key", "worker.key", "--json");
        assertThat(NodeAndWorkerIT.JSON.readTree(balance.out()).path("balance").asLong()).isEqualTo(1_800);
        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify", "--data-dir", "data", "--json");
        assertThat(NodeAndWorkerIT.JSON.readTree(verify.out()).path("balanced").asBoolean()).isTrue();

        worker.destroy();
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllLines(dir.resolve("worker.log")))
                .anySatisfy(line -> assertThat(line).contains("\"event\":\"submitted\"").contains("ml-train"));
    }
}
