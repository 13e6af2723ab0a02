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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.ledger.NodeLedgerEntry;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;
import tools.jackson.databind.json.JsonMapper;

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
        try (PouwClient api = new PouwClient(URI.create(url), client, Duration.ofSeconds(30), Clock.system())) {
            for (int i = 0; i < 30; i++) {
                IntentCreated created = api.intents().submit(new ProgramIntent(Samples.source("fibonacci"),
                        List.of(String.valueOf(20 + i)), 10_000, "micro", 1000));
                intents.put(created.intentId(), created.jobIds());
            }
        }
        Process worker = startWorker(url, "worker-1.log");
        await().atMost(CliProcess.timeout()).until(() -> submittedCount("worker-1.log") >= 20);
        try (PouwClient squatter = new PouwClient(URI.create(url), Ed25519.KeyPair.generate(), Duration.ofSeconds(30),
                Clock.system())) {
            // Leases held at the crash by a worker that then vanishes.
            for (LeasedJob job : squatter.jobs().claim(List.of(), List.of(), 3, LEASE_MS)) {
                heldJobs.add(job.job().jobId());
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
        try (PouwClient api = new PouwClient(URI.create(url), client, Duration.ofSeconds(30), Clock.system())) {
            for (Map.Entry<String, List<String>> intent : intents.entrySet()) {
                List<String> jobIds = api.intents().get(intent.getKey()).jobIds();
                assertThat(jobIds).as("every acknowledged intent and its jobs survive").isEqualTo(intent.getValue());
            }
            for (String jobId : paid) {
                assertThat(api.jobs().get(jobId).status())
                        .as("a reward the worker was told about is still there").isEqualTo("completed");
            }
            for (String jobId : heldJobs) {
                assertThat(api.jobs().get(jobId).status()).isIn("in_progress",
                        "pending");
            }
            await().atMost(CliProcess.timeout()).untilAsserted(() -> {
                for (String jobId : heldJobs) {
                    assertThat(api.jobs().history(jobId).attempts().getFirst().outcome()).isEqualTo("lease_expired");
                }
            });

            startWorker(url, "worker-2.log");
            long jobCount = intents.values().stream().mapToLong(List::size).sum();
            await().atMost(CliProcess.timeout()).until(() -> api.system().status().queue().completed() == jobCount);

            long lastEvent = api.system().status().lastEventSeq();
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
            List<NodeLedgerEntry> entries;
            while (!(entries = api.ledger().entries(cursor, 1000)).isEmpty()) {
                for (NodeLedgerEntry entry : entries) {
                    assertThat(entry.seq()).as("ledger entries are dense").isEqualTo(expected++);
                    if (entry.kind().equals("reward")) {
                        assertThat(rewarded.add(entry.jobIds().getFirst())).as("no job is paid twice").isTrue();
                    }
                    cursor = entry.seq();
                }
            }
            assertThat(rewarded).hasSize((int) jobCount);
            assertThat(lastEvent).isGreaterThan(jobCount);
        }
        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify", "--data-dir", "data");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }
}
