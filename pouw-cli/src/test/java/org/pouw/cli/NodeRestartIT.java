package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code pouw node restart} against a real {@code pouw node start} process: the node is stopped by SIGTERM and a new
 * process with the same command line answers {@code /readyz} on the same port, with the data (a submitted intent's
 * job, the client's balance) intact; with no node running, or with nothing to restart, it exits 3 and changes
 * nothing.
 */
class NodeRestartIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Process node;

    @AfterEach
    void stop() throws IOException {
        if (node != null) {
            node.destroyForcibly();
        }
        // The restarted node is this test's grandchild: ended by the pid it wrote, if it still runs.
        Path pidFile = dir.resolve("data").resolve(NodeCommand.PID_FILE);
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip().split("\\s+")[0]);
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroy();
                process.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        }
    }

    @Test
    void aRestartedNodeIsReadyAgainWithItsData() throws Exception {
        CliProcess.Result noNode = CliProcess.run(dir, "node", "restart", "--data-dir", "data", "--json");
        assertThat(noNode.exit()).as(noNode.out() + noNode.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(JSON.readTree(noNode.out()).path("error").path("code").asString()).isEqualTo("not_running");

        CliProcess.Result key = CliProcess.run(dir, "keys", "new", "--out", "client.key", "--json");
        String did = JSON.readTree(key.out()).path("did").asString();
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data", "--set", "genesis=" + did + "=5000");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(CliProcess.timeout()).until(() -> status(http, url + "/readyz") == 200);
        CliProcess.Result submitted = CliProcess.run(dir, "intent", "submit", "--node", url, "--key", "client.key",
                "--sample", "power", "--inputs", "2,10", "--fee", "100", "--json");
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        JsonNode before = JSON.readTree(CliProcess.run(dir, "status", "--node", url, "--json").out());
        assertThat(before.path("status").path("queue").path("pending_count").asLong()).isEqualTo(1);
        assertThat(before.path("pool").path("reserved").asLong()).isPositive();
        long oldPid = node.pid();

        CliProcess.Result restarted = CliProcess.run(dir, "node", "restart", "--data-dir", "data", "--json");
        assertThat(restarted.exit()).as(restarted.out() + restarted.err()).isZero();
        JsonNode answer = JSON.readTree(restarted.out());
        assertThat(answer.path("event").asString()).isEqualTo("restarted");
        assertThat(answer.path("stopped_pid").asLong()).isEqualTo(oldPid);
        assertThat(answer.path("pid").asLong()).isNotEqualTo(oldPid);
        assertThat(answer.path("url").asString()).isEqualTo(url);
        assertThat(node.isAlive()).as("the old process ended").isFalse();
        assertThat(status(http, url + "/readyz")).isEqualTo(200);

        JsonNode after = JSON.readTree(CliProcess.run(dir, "status", "--node", url, "--json").out());
        assertThat(after.path("status").path("queue")).isEqualTo(before.path("status").path("queue"));
        assertThat(after.path("pool")).isEqualTo(before.path("pool"));
        assertThat(Files.readString(dir.resolve("data/logs/pouw.log"))).as("the new node appends to the same log")
                .isNotEmpty();
    }

    private static int status(HttpClient http, String url) throws InterruptedException {
        return CliProcess.httpStatus(http, url);
    }
}
