package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.KeyFile;
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

    /**
     * The client's key signed in from this JVM: the awaits poll an intent's status through it rather than start a
     * {@code pouw intent status} process per poll, whose JVM starts took the worker's CPU; the command is run once the
     * intent is proven ({@link #cliIntentStatus}).
     */
    private PouwClient client(String url) throws java.io.IOException {
        return new PouwClient(URI.create(url), KeyFile.loadOrCreate(dir.resolve("client.key")), Duration.ofSeconds(30),
                Clock.system());
    }

    /** {@code pouw intent status --json}'s status of the intent. */
    private String cliIntentStatus(String url, String intentId) {
        CliProcess.Result status = CliProcess.run(dir, "intent", "status", "--node", url, "--key", "client.key",
                intentId, "--json");
        assertThat(status.exit()).as(status.out() + status.err()).isZero();
        return JSON.readTree(status.out()).path("status").asString();
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
        try (PouwClient asker = client(url)) {
            await().atMost(CliProcess.timeout()).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> asker.intents().get(intentId).status().equals("proven"));
        }
        assertThat(cliIntentStatus(url, intentId)).isEqualTo("proven");

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

    /**
     * Issue 22 §3 end to end: a {@code zk_mode = "stark"} node batches two {@code full} intents, a {@code pouw worker}
     * process proves the batch with the batch AIR in one proof, and both intents are proven and paid.
     */
    @Test
    void fullIntentsAreProvenInOneBatchByAWorkerProcess() throws Exception {
        String client = did(CliProcess.run(dir, "keys", "new", "--out", "client.key", "--json"));
        did(CliProcess.run(dir, "keys", "new", "--out", "worker.key", "--json"));
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data", "--set", "genesis=" + client + "=100000", "--set",
                "zk_mode=stark", "--set", "intents.batch_max_intents=2", "--set", "intents.batch_max_wait_ms=600000");
        await().atMost(CliProcess.timeout()).until(() -> healthy(url));
        List<String> intents = new java.util.ArrayList<>();
        for (String sample : List.of("fibonacci", "harmonic")) {
            CliProcess.Result submitted = CliProcess.run(dir, "intent", "submit", "--node", url, "--key",
                    "client.key", "--sample", sample, "--inputs", "20", "--tier", "full", "--max-steps", "1000",
                    "--fee", "1000", "--json");
            assertThat(submitted.exit()).as(submitted.out() + submitted.err()).isZero();
            intents.add(JSON.readTree(submitted.out()).path("intent_id").asString());
        }

        worker = CliProcess.start(dir, dir.resolve("worker.log"), "worker", "--node", url, "--key", "worker.key",
                "--json");
        for (String intentId : intents) {
            try (PouwClient asker = client(url)) {
                await().atMost(CliProcess.timeout().multipliedBy(2)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions()
                        .until(() -> asker.intents().get(intentId).status().equals("proven"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("intent " + intentId + " not proven; worker log:\n"
                        + Files.readString(dir.resolve("worker.log")) + "\njobs:\n"
                        + CliProcess.run(dir, "job", "list", "--node", url).out(), e);
            }
        }
        for (String intentId : intents) {
            assertThat(cliIntentStatus(url, intentId)).as(intentId).isEqualTo("proven");
        }
        CliProcess.Result jobs = CliProcess.run(dir, "job", "list", "--node", url, "--status", "completed");
        assertThat(jobs.out()).contains("vm-batch").contains("batch-member").contains("2 job(s)");
        CliProcess.Result balance = CliProcess.run(dir, "balance", "--node", url, "--key", "worker.key", "--json");
        assertThat(JSON.readTree(balance.out()).path("balance").asLong()).as("900 for each intent").isEqualTo(1800);
        List<String> lines = Files.readAllLines(dir.resolve("worker.log"));
        assertThat(lines.stream().filter(line -> line.contains("\"event\":\"submitted\""))).as("one proof")
                .hasSize(1);
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

    /** Issue 25, defect 2: a script or service manager learns where the node is from its first line. */
    @Test
    void nodeStartJsonsFirstLineNamesTheUrlTheDidAndTheDataFolder() throws Exception {
        Path log = dir.resolve("json-node.log");
        node = CliProcess.start(dir, log, "node", "start", "--json", "--port", "0", "--data-dir", "jdata");
        await().atMost(CliProcess.timeout()).until(() -> Files.exists(log) && !Files.readString(log).isBlank());
        JsonNode first = JSON.readTree(Files.readString(log).lines().findFirst().orElseThrow());

        assertThat(first.path("event").asString()).isEqualTo("started");
        assertThat(first.path("did").asString()).startsWith("did:key:z");
        assertThat(Path.of(first.path("data_dir").asString())).isEqualTo(dir.resolve("jdata").toAbsolutePath());
        String url = first.path("url").asString();
        assertThat(url).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(healthy(url)).isTrue();
        CliProcess.Result ready = CliProcess.run(dir, "node", "health", "--ready", "--node", url, "--json");
        assertThat(ready.exit()).as(ready.err()).isZero();
        assertThat(JSON.readTree(ready.out().strip()).path("event").asString()).isEqualTo("ready");

        CliProcess.Result stop = CliProcess.run(dir, "node", "stop", "--json", "--data-dir", "jdata");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(JSON.readTree(stop.out().strip()).path("event").asString())
                .isEqualTo("stopped");
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(CliProcess.run(dir, "node", "health", "--node", url).exit()).as("nothing answers any more")
                .isEqualTo(ExitCodes.UNREACHABLE);
    }
}
