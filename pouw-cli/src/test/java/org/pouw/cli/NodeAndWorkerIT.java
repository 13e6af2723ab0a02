package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acceptance: a {@code pouw node} process in remote mode, a {@code pouw worker} process in another JVM, and the
 * client commands as processes too; an intent goes from submission to a verified proof and a paid reward.
 */
class NodeAndWorkerIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

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

    static String did(CliProcess.Result keys) {
        assertThat(keys.exit()).as(keys.err()).isZero();
        return JSON.readTree(keys.out()).path("did").asString();
    }

    static boolean healthy(String url) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void anIntentIsProvenByAWorkerProcessAndThePaymentShowsInTheLedger() throws Exception {
        String client = did(CliProcess.run(dir, "keys", "new", "--out", "client.key", "--json"));
        did(CliProcess.run(dir, "keys", "new", "--out", "worker.key", "--json"));
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data", "--set", "genesis=" + client + "=100000");
        await().atMost(CliProcess.timeout()).until(() -> healthy(url));

        CliProcess.Result submitted = CliProcess.run(dir, "intent", "submit", "--node", url, "--key", "client.key",
                "--sample", "fibonacci", "--inputs", "25", "--fee", "1000", "--json");
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        JsonNode intent = JSON.readTree(submitted.out());
        String intentId = intent.path("intent_id").asString();
        assertThat(intent.path("output").path(1).asString()).isEqualTo("75025");

        worker = CliProcess.start(dir, dir.resolve("worker.log"), "worker", "--node", url, "--key", "worker.key",
                "--json");
        await().atMost(CliProcess.timeout()).until(() -> JSON.readTree(CliProcess.run(dir, "intent", "status",
                "--node", url, "--key", "client.key", intentId, "--json").out()).path("status").asString().equals("proven"));

        CliProcess.Result chain = CliProcess.run(dir, "intent", "submit", "--node", url, "--key", "client.key",
                "--hash-chain", "acceptance", "--steps", "64", "--fee", "100", "--wait", "--json");
        assertThat(chain.exit()).as(chain.out() + chain.err()).isZero();
        assertThat(chain.out()).contains("\"status\":\"proven\"");

        CliProcess.Result balance = CliProcess.run(dir, "balance", "--node", url, "--key", "worker.key", "--json");
        assertThat(JSON.readTree(balance.out()).path("balance").asLong()).as("900 for the program, 90 for the chain")
                .isEqualTo(990);
        CliProcess.Result jobs = CliProcess.run(dir, "job", "list", "--node", url, "--status", "completed");
        assertThat(jobs.out()).contains("reexec").contains("hash-chain").contains("2 job(s)");
        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify", "--data-dir", "data", "--json");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(JSON.readTree(verify.out()).path("balanced").asBoolean()).isTrue();

        worker.destroy(); // SIGTERM: the worker stops cleanly
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(dir.resolve("worker.log"));
        assertThat(JSON.readTree(lines.get(lines.size() - 1)).path("event").asString()).isEqualTo("stopped");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"event\":\"submitted\""));

        CliProcess.Result stop = CliProcess.run(dir, "node", "stop", "--data-dir", "data");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void exitCodesAreWhatScriptsExpect() {
        assertThat(CliProcess.run(dir, "status", "--node", "http://127.0.0.1:1").exit())
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(CliProcess.run(dir, "frobnicate").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliProcess.run(dir, "node", "start", "--set", "pouw_mode=turbo").exit())
                .isEqualTo(ExitCodes.CONFIG);
        CliProcess.Result mock = CliProcess.run(dir, "node", "start", "--zk-mode", "mock");
        assertThat(mock.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(mock.err()).contains("zk_mode = \"mock\" is not supported");
    }
}
