package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;
import org.pouw.worker.ClaimedJob;
import org.pouw.worker.NodeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * §5: a {@code kill -9} of the node under load, then a restart, loses no job, no ledger entry and no event, and
 * the leases that were held come back after their expiry.
 */
class CrashRecoveryIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final long LEASE_MS = 3000;

    @TempDir
    Path dir;

    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    Process startNode(int port, String client, String log) {
        Process node = CliProcess.start(dir, dir.resolve(log), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data", "--set", "genesis=" + client + "=10000000",
                "--set", "intents.segment_steps=16", "--set", "market.lease_ms=" + LEASE_MS,
                "--set", "market.reaper_interval_ms=200");
        processes.add(node);
        await().atMost(CliProcess.timeout()).until(() -> NodeAndWorkerIT.healthy("http://127.0.0.1:" + port));
        return node;
    }

    Process startWorker(String url, String log) {
        Process worker = CliProcess.start(dir, dir.resolve(log), "worker", "--node", url, "--key", "worker.key",
                "--json", "--concurrency", "4", "--lease-ms", String.valueOf(LEASE_MS));
        processes.add(worker);
        return worker;
    }

    long submittedCount(String log) throws Exception {
        Path file = dir.resolve(log);
        return Files.exists(file)
                ? Files.readAllLines(file).stream().filter(l -> l.contains("\"event\":\"submitted\"")).count() : 0;
    }

    @Test
    void killNineUnderLoadLosesNothingAndHeldLeasesComeBack() throws Exception {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        NodeAndWorkerIT.did(CliProcess.run(dir, "keys", "new", "--out", "worker.key", "--json"));
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        Process node = startNode(port, client.did().toString(), "node-1.log");

        Map<String, List<String>> intents = new HashMap<>();
        Set<String> heldJobs = new HashSet<>();
        try (NodeClient api = new NodeClient(URI.create(url), client, Duration.ofSeconds(30), Clock.system())) {
            for (int i = 0; i < 30; i++) {
                ObjectNode body = JSON.createObjectNode().put("program", Samples.source("fibonacci"));
                body.putArray("inputs").add(String.valueOf(20 + i));
                body.put("max_steps", 10_000).put("tier", "micro").put("fee", 1000);
                JsonNode created = api.postJson("/v1/intents", body);
                List<String> jobIds = new ArrayList<>();
                created.path("job_ids").forEach(id -> jobIds.add(id.asString()));
                intents.put(created.path("intent_id").asString(), jobIds);
            }
        }
        Process worker = startWorker(url, "worker-1.log");
        await().atMost(CliProcess.timeout()).until(() -> submittedCount("worker-1.log") >= 20);
        try (NodeClient squatter = new NodeClient(URI.create(url), Ed25519.KeyPair.generate(), Duration.ofSeconds(30),
                Clock.system())) {
            // Leases held at the crash by a worker that then vanishes.
            for (ClaimedJob job : squatter.claim(List.of(), List.of(), 3, LEASE_MS)) {
                heldJobs.add(job.jobId());
            }
        }
        assertThat(heldJobs).hasSize(3);

        node.destroyForcibly(); // SIGKILL, mid-load
        worker.destroyForcibly();
        node.waitFor();
        worker.waitFor();
        List<String> paid = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("worker-1.log"))) {
            if (line.contains("\"event\":\"submitted\"")) {
                paid.add(JSON.readTree(line).path("job_id").asString());
            }
        }

        startNode(port, client.did().toString(), "node-2.log");
        try (NodeClient api = new NodeClient(URI.create(url), client, Duration.ofSeconds(30), Clock.system())) {
            for (Map.Entry<String, List<String>> intent : intents.entrySet()) {
                JsonNode stored = api.getJson("/v1/intents/" + intent.getKey());
                List<String> jobIds = new ArrayList<>();
                stored.path("job_ids").forEach(id -> jobIds.add(id.asString()));
                assertThat(jobIds).as("every acknowledged intent and its jobs survive").isEqualTo(intent.getValue());
            }
            for (String jobId : paid) {
                assertThat(api.getJson("/v1/pouw/jobs/" + jobId).path("status").asString())
                        .as("a reward the worker was told about is still there").isEqualTo("completed");
            }
            for (String jobId : heldJobs) {
                assertThat(api.getJson("/v1/pouw/jobs/" + jobId).path("status").asString()).isIn("in_progress",
                        "pending");
            }
            await().atMost(CliProcess.timeout()).untilAsserted(() -> {
                for (String jobId : heldJobs) {
                    JsonNode history = api.getJson("/v1/pouw/jobs/" + jobId + "/history").path("attempts");
                    assertThat(history.path(0).path("outcome").asString()).isEqualTo("lease_expired");
                }
            });

            startWorker(url, "worker-2.log");
            long jobCount = intents.values().stream().mapToLong(List::size).sum();
            await().atMost(CliProcess.timeout()).until(() -> api.getJson("/v1/pouw/system/status").path("queue")
                    .path("completed_count").asLong() == jobCount);

            long lastEvent = api.getJson("/v1/pouw/system/status").path("last_event_seq").asLong();
            String stream = new String(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(url + "/v1/pouw/events?limit=" + lastEvent)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), java.nio.charset.StandardCharsets.UTF_8);
            long expectedEvent = 1;
            for (String line : stream.split("\n")) {
                if (line.startsWith("id:")) {
                    assertThat(Long.parseLong(line.substring(3).strip())).as("no event lost")
                            .isEqualTo(expectedEvent++);
                }
            }
            assertThat(expectedEvent - 1).isEqualTo(lastEvent);
            long expected = 1;
            Set<String> rewarded = new HashSet<>();
            long cursor = 0;
            JsonNode entries;
            while ((entries = api.getJson("/v1/ledger/entries?limit=1000&after=" + cursor).path("entries")).size() > 0) {
                for (JsonNode entry : entries) {
                    assertThat(entry.path("seq").asLong()).as("ledger entries are dense").isEqualTo(expected++);
                    if (entry.path("kind").asString().equals("reward")) {
                        assertThat(rewarded.add(entry.path("job_ids").path(0).asString()))
                                .as("no job is paid twice").isTrue();
                    }
                    cursor = entry.path("seq").asLong();
                }
            }
            assertThat(rewarded).hasSize((int) jobCount);
            assertThat(lastEvent).isGreaterThan(jobCount);
        }
        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify", "--data-dir", "data");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }
}
