package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.ledger.NodeLedgerEntry;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.auth.Tokens;
import org.pouw.store.support.EmbeddedPostgresServer;
import org.pouw.vm.Samples;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failure scenario 3 of docs/failures.md, single node failure: two {@code pouw node start} processes on one real
 * PostgreSQL, a {@code pouw worker} process on each. Node A is first frozen (SIGSTOP, a hung host) for longer than a
 * lease and let go, then killed (SIGKILL) mid-work; its worker goes with it, and a client that claimed three jobs
 * through A vanishes too. Node B and its worker carry on.
 *
 * <p>Asserted: every intent posted is there with its jobs; every job the killed worker was told was paid is
 * completed; the vanished client's leases end as {@code lease_expired} and their jobs are done by someone else;
 * every job completes and is paid exactly once (one reward ledger entry per job); ledger entries and events are
 * dense; {@code pouw ledger verify} passes on the database; B answered no 5xx while A was frozen and dead.
 * Reported: how long B took to finish every job after A's kill, and the lease expiries.
 */
// The profile's stated budget: a scenario test that runs longer fails rather than stretching the CI run.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeLossFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long LEASE_MS = 3_000;
    private static final int INTENTS = 6;

    @TempDir
    Path dir;

    private final List<ScenarioNode> nodes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stop() {
        workers.forEach(Process::destroyForcibly);
        nodes.forEach(ScenarioNode::close);
    }

    @Test
    void aNodeFrozenThenKilledMidWorkLosesNothingAndPaysNothingTwice() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgresServer.get();
        String url = EmbeddedPostgresServer.freshDatabase();
        Path secret = dir.resolve("token.secret");
        Tokens.createSecret(secret);
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        Map<String, String> settings = new HashMap<>(Map.of("storage.backend", "postgresql", "storage.url", url,
                "storage.user", "postgres", "auth.token_secret_file", secret.toString(),
                "genesis", client.did() + "=10000000", "intents.segment_steps", "16",
                "market.lease_ms", String.valueOf(LEASE_MS), "market.reaper_interval_ms", "200"));
        // One after the other: the first applies the schema's migrations to the fresh database.
        nodes.add(ScenarioNode.start(dir, "a", settings));
        nodes.add(ScenarioNode.start(dir, "b", settings));
        ScenarioNode a = nodes.get(0);
        ScenarioNode b = nodes.get(1);
        // One identity per worker: A's worker collects strikes for the leases the freeze let run out, and a
        // prover that failed a job twice is not offered it again, so B's worker must be another prover.
        for (String worker : List.of("worker-a.key", "worker-b.key")) {
            CliProcess.Result key = CliProcess.run(dir, "keys", "new", "--out", worker, "--json");
            assertThat(key.exit()).as(key.err()).isZero();
        }

        Map<String, List<String>> intents = new HashMap<>();
        Set<String> held = new HashSet<>();
        try (PouwClient api = client(b, client)) {
            for (int i = 0; i < INTENTS; i++) {
                IntentCreated created = api.intents().submit(new ProgramIntent(Samples.source("fibonacci"),
                        List.of(String.valueOf(20 + i)), 10_000, "micro", 1000));
                intents.put(created.intentId(), created.jobIds());
            }
        }
        long jobCount = intents.values().stream().mapToLong(List::size).sum();
        try (PouwClient vanishing = client(a, Ed25519.KeyPair.generate())) {
            for (LeasedJob job : vanishing.jobs().claim(List.of(), List.of(), 3, LEASE_MS)) {
                held.add(job.job().jobId());
            }
        }
        assertThat(held).hasSize(3);
        workers.add(startWorker(a, "worker-a"));
        await().atMost(CliProcess.timeout()).until(() -> submitted("worker-a.log").size() >= 5);

        // B is watched throughout: it must answer, never with a 5xx, while A is frozen and dead.
        Map<Integer, Integer> statusesAtB = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                int status;
                try {
                    status = b.get("/v1/pouw/system/status").status();
                } catch (RuntimeException noAnswer) {
                    status = 599; // no answer at all counts as a failure of B
                }
                statusesAtB.merge(status, 1, Integer::sum);
                sleep(200);
            }
        });
        workers.add(startWorker(b, "worker-b"));

        int beforeFreeze = submitted("worker-a.log").size();
        a.pause();
        Thread.sleep(2 * LEASE_MS); // longer than a lease: what A's worker held runs out meanwhile
        a.resume();
        // A works again (its worker may be quarantined for the leases the freeze let run out): give it one more
        // job or two leases' time, then kill it while B's worker is still at work.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * LEASE_MS);
        while (submitted("worker-a.log").size() == beforeFreeze && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        long killedAt = System.nanoTime();
        a.kill();
        workers.getFirst().destroyForcibly().waitFor();
        Set<String> paidToA = submitted("worker-a.log");

        try (PouwClient api = client(b, client)) {
            await().atMost(CliProcess.timeout())
                    .until(() -> api.system().status().queue().completed() == jobCount);
            long drainedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            watching.set(false);
            watcher.join();

            for (Map.Entry<String, List<String>> intent : intents.entrySet()) {
                assertThat(api.intents().get(intent.getKey()).jobIds()).as("an acknowledged intent survives")
                        .isEqualTo(intent.getValue());
            }
            for (String jobId : paidToA) {
                assertThat(api.jobs().get(jobId).status()).as("a reward A's worker was told about").isEqualTo(
                        "completed");
            }
            int leaseExpiries = 0;
            for (String jobId : held) {
                assertThat(api.jobs().history(jobId).attempts().getFirst().outcome())
                        .as("the vanished client's lease").isEqualTo("lease_expired");
            }
            for (List<String> jobIds : intents.values()) {
                for (String jobId : jobIds) {
                    leaseExpiries += (int) api.jobs().history(jobId).attempts().stream()
                            .filter(attempt -> attempt.outcome().equals("lease_expired")).count();
                }
            }
            Set<String> rewarded = new HashSet<>();
            long expected = 1;
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
            assertThat(rewarded).as("every job paid").hasSize((int) jobCount);
            long lastEvent = api.system().status().lastEventSeq();
            String stream = b.get("/v1/pouw/events?limit=" + lastEvent).body();
            long expectedEvent = 1;
            for (String line : stream.split("\n")) {
                if (line.startsWith("id:")) {
                    assertThat(Long.parseLong(line.substring(3).strip())).as("no event lost")
                            .isEqualTo(expectedEvent++);
                }
            }
            assertThat(expectedEvent - 1).isEqualTo(lastEvent);
            assertThat(statusesAtB.keySet()).as("B's answers while A was frozen and dead: " + statusesAtB)
                    .allMatch(status -> status < 500);
            System.out.printf("FAILOVER node loss: %d jobs of %d intents, all paid once; %d paid through A before "
                            + "its kill; B finished the rest %d ms after it; %d lease expiries (3 of them the "
                            + "vanished client's); B's answers meanwhile %s; Postgres on port %d%n", jobCount,
                    INTENTS, paidToA.size(), drainedMs, leaseExpiries, statusesAtB, postgres.getPort());
        }
        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify", "--data-dir", "b",
                "--set", "storage.backend=postgresql", "--set", "storage.url=" + url,
                "--set", "storage.user=postgres", "--set", "auth.token_secret_file=" + secret);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    private static PouwClient client(ScenarioNode node, Ed25519.KeyPair key) {
        return new PouwClient(URI.create(node.url()), key, Duration.ofSeconds(30), Clock.system());
    }

    /** A {@code pouw worker} process on {@code node} with the key {@code name.key}, logging to {@code name.log}. */
    private Process startWorker(ScenarioNode node, String name) {
        return CliProcess.start(dir, dir.resolve(name + ".log"), "worker", "--node", node.url(), "--key",
                name + ".key", "--json", "--concurrency", "4", "--lease-ms", String.valueOf(LEASE_MS));
    }

    /** The jobs a worker was told it was paid for, by its JSON log. */
    private Set<String> submitted(String log) throws Exception {
        Path file = dir.resolve(log);
        Set<String> jobs = new HashSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.contains("\"event\":\"submitted\"")) {
                    jobs.add(JSON.readTree(line).path("job_id").asString());
                }
            }
        }
        return jobs;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
