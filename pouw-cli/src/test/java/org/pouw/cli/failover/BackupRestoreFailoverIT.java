package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.client.ledger.NodeLedgerEntry;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failure scenario 5 of docs/failures.md, backup and restore of an SQLite node: a {@code pouw node start} process
 * with a {@code pouw worker} process earning rewards and a client posting intents and transfers; {@code pouw backup}
 * taken while all of it goes on; more work and a receipt redeemed for an access token after the backup; then
 * {@code pouw restore}. Asserted: the backup's ledger is a prefix of the live one (its head entry's hash is the live
 * chain's entry at that number); a restore is refused — and the data folder left byte for byte as it was — while
 * the node runs, and for a corrupted, an unfinished, a tampered or another node's backup; the restored node holds
 * every intent and transfer acknowledged before the backup started, its ledger verifies, no receipt redeemed before
 * or after the backup buys a second token, its status and event stream name a new restore epoch, and once its
 * worker has finished every job each was paid exactly once. Reported: the backup's time and size, the work it
 * rolled back.
 */
// The profile's stated budget: a scenario test that runs longer fails rather than stretching the CI run.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BackupRestoreFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long LEASE_MS = 3000;

    @TempDir
    Path dir;

    private final List<ScenarioNode> nodes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    /** Intent id → its job ids, each added once the node answered. */
    private final Map<String, List<String>> intents = new ConcurrentHashMap<>();
    /** Recipients of 1-unit transfers, each added once the node answered. */
    private final List<String> transfers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        workers.forEach(Process::destroyForcibly);
        nodes.forEach(ScenarioNode::close);
    }

    @Test
    void aBackupTakenUnderLoadRestoresToAVerifiedPrefixThatPaysNothingTwiceAndReplaysNoReceipt() throws Exception {
        CliProcess.run(dir, "keys", "new", "--out", "worker.key", "--json");
        ScenarioNode node = startNode();
        try (PouwClient api = client(node)) {
            for (int i = 0; i < 3; i++) {
                postIntent(api, i);
            }
        }
        startWorker(node);
        phase("node started, 3 intents posted");
        await().atMost(Duration.ofSeconds(60)).until(() -> rewards(node).size() >= 3);
        String redeemedBefore = SignedTokenRequests.buyToken(node, client);

        // The backup, while the client posts and the worker is paid.
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> load(node, loading));
        await().atMost(Duration.ofSeconds(30)).until(() -> transfers.size() >= 10);
        Map<String, List<String>> intentsBefore = Map.copyOf(intents);
        List<String> transfersBefore = List.copyOf(transfers);
        CliProcess.Result backup = cli("backup", "--data-dir", "a", "--out", "backup", "--json");
        assertThat(backup.exit()).as(backup.out() + backup.err()).isZero();
        JsonNode manifest = JSON.readTree(backup.out());
        phase("backup taken under load");
        await().atMost(Duration.ofSeconds(30)).until(() -> transfers.size() >= transfersBefore.size() + 10);
        String redeemedAfter = SignedTokenRequests.buyToken(node, client);
        loading.set(false);
        load.join();

        // The copy is the live ledger as of one commit: its head is an entry of the live chain.
        long backupSeq = manifest.path("ledger_seq").asLong();
        List<NodeLedgerEntry> live = LiveLedger.entries(node);
        assertThat(backupSeq).isPositive().isLessThan(live.size());
        assertThat(live.get((int) backupSeq - 1).hash()).as("the backup's head is the live chain's entry "
                + backupSeq).isEqualTo(manifest.path("ledger_hash").asString());

        // Refused while the node runs; the data folder untouched.
        CliProcess.Result whileRunning = cli("restore", "--data-dir", "a", "--from", "backup", "--json");
        assertThat(whileRunning.exit()).as(whileRunning.out() + whileRunning.err()).isEqualTo(1);
        assertThat(JSON.readTree(whileRunning.out()).path("error").path("code").asString()).isEqualTo("node_running");
        assertThat(Files.exists(dir.resolve("a.restoring"))).isFalse();

        workers.forEach(Process::destroyForcibly);
        node.close();
        nodes.remove(node);
        phase("node stopped");
        Map<String, String> folder = digests(dir.resolve("a"));
        refusedBadBackups();
        assertThat(digests(dir.resolve("a"))).as("a refused restore changes nothing").isEqualTo(folder);

        CliProcess.Result restore = cli("restore", "--data-dir", "a", "--from", "backup", "--json");
        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        String epoch = JSON.readTree(restore.out()).path("restore_epoch").asString();
        assertThat(epoch).matches("[0-9a-f]{16}");

        phase("bad backups refused, restored");
        ScenarioNode restored = startNode();
        phase("restored node started");
        List<NodeLedgerEntry> back = LiveLedger.entries(restored);
        assertThat(back).hasSize((int) backupSeq);
        assertThat(back.getLast().hash()).isEqualTo(manifest.path("ledger_hash").asString());
        assertThat(JSON.readTree(restored.get("/v1/pouw/system/status").body()).path("restore_epoch").asString())
                .isEqualTo(epoch);
        try (PouwClient api = client(restored)) {
            for (Map.Entry<String, List<String>> intent : intentsBefore.entrySet()) {
                assertThat(api.intents().get(intent.getKey()).jobIds())
                        .as("an intent acknowledged before the backup is restored with its jobs")
                        .isEqualTo(intent.getValue());
            }
            for (String to : transfersBefore) {
                assertThat(api.ledger().account(to, 0).balance())
                        .as("a transfer acknowledged before the backup is restored once").isEqualTo(1);
            }
        }
        for (String request : List.of(redeemedBefore, redeemedAfter)) {
            ScenarioNode.Reply replay = restored.post("/v1/tokens", request, Map.of());
            assertThat(replay.status()).as("a redeemed receipt buys no second token: " + replay.body())
                    .isEqualTo(422);
            assertThat(JSON.readTree(replay.body()).path("error").path("code").asString())
                    .as("its challenge names the store as it was before the restore").isEqualTo("unknown_challenge");
        }
        assertThat(SignedTokenRequests.buyToken(restored, client))
                .as("a fresh challenge's receipt still buys its token").isNotEmpty();

        startWorker(restored);
        long jobs = jobsOf(restored);
        phase("restored node checked; its worker to finish " + jobs + " jobs");
        await().atMost(Duration.ofSeconds(90)).until(() -> completed(restored) == jobs);
        phase("every job completed");
        List<String> paid = rewards(restored);
        assertThat(new HashSet<>(paid)).as("each job paid exactly once").hasSize(paid.size());
        assertThat(paid).hasSize((int) jobs);
        CliProcess.Result verify = cli("ledger", "verify", "--data-dir", "a");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();

        System.out.printf("FAILOVER backup and restore: backup under load in %d ms (%s), database"
                        + " %d bytes, ledger to entry %d of %d live; restore epoch %s; %d intents and %d transfers"
                        + " acknowledged before it, all restored; %d acknowledged after it rolled back; %d jobs paid"
                        + " once each after the restore%n", manifest.path("took_ms").asLong(),
                "VACUUM INTO", manifest.path("files").path("pouw.db").path("bytes").asLong(), backupSeq,
                live.size(), epoch, intentsBefore.size(), transfersBefore.size(),
                transfers.size() - transfersBefore.size(), paid.size());
    }

    private final long startedNanos = System.nanoTime();

    /** Where the scenario's time goes, in the test's output: most of it is JVMs starting on a loaded machine. */
    private void phase(String what) {
        System.out.printf("backup-restore %5.1f s: %s%n", (System.nanoTime() - startedNanos) / 1e9, what);
    }

    /** Each bad backup is refused with its reason, exit 5, before anything is touched. */
    private void refusedBadBackups() throws IOException {
        Path corrupted = copyOfBackup("corrupted");
        try (var file = Files.newByteChannel(corrupted.resolve("pouw.db"), StandardOpenOption.WRITE)) {
            file.position(Files.size(corrupted.resolve("pouw.db")) / 2);
            file.write(java.nio.ByteBuffer.wrap(new byte[] {0x5a, 0x5a, 0x5a, 0x5a}));
        }
        assertRefused(corrupted, "backup_corrupted");

        Path unfinished = copyOfBackup("unfinished");
        Files.delete(unfinished.resolve("manifest.json"));
        assertRefused(unfinished, "backup_incomplete");

        Path tampered = copyOfBackup("tampered");
        rewriteManifest(tampered, "ledger_hash", "00".repeat(32));
        assertRefused(tampered, "backup_mismatch");

        Path otherNode = copyOfBackup("other-node");
        rewriteManifest(otherNode, "node_did", Ed25519.KeyPair.generate().did().toString());
        assertRefused(otherNode, "backup_mismatch");
    }

    private void assertRefused(Path backup, String code) {
        CliProcess.Result refused = cli("restore", "--data-dir", "a", "--from", backup.getFileName().toString(),
                "--json");
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(5);
        assertThat(JSON.readTree(refused.out()).path("error").path("code").asString()).isEqualTo(code);
        assertThat(Files.exists(dir.resolve("a.restoring"))).isFalse();
    }

    private CliProcess.Result cli(String... args) {
        return InJvmCommand.run(dir, args);
    }

    private Path copyOfBackup(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(dir.resolve("backup"))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static void rewriteManifest(Path backup, String field, String value) throws IOException {
        var manifest = (tools.jackson.databind.node.ObjectNode) JSON.readTree(
                Files.readString(backup.resolve("manifest.json")));
        manifest.put(field, value);
        Files.writeString(backup.resolve("manifest.json"), JSON.writeValueAsString(manifest));
    }

    /** Every file of a folder, name → SHA-256. */
    private static Map<String, String> digests(Path folder) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    digests.put(folder.relativize(file).toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return digests;
    }

    private ScenarioNode startNode() {
        ScenarioNode node = ScenarioNode.start(dir, "a", Map.of("genesis", client.did() + "=10000000",
                "intents.segment_steps", "16", "market.lease_ms", String.valueOf(LEASE_MS),
                "market.reaper_interval_ms", "200", "rate_limits.enabled", "false", "gate.hashcash_bits", "1",
                "gate.max_hashcash_bits", "1"));
        nodes.add(node);
        return node;
    }

    private void startWorker(ScenarioNode node) {
        workers.add(CliProcess.start(dir, dir.resolve("worker-" + workers.size() + ".log"), "worker", "--node",
                node.url(), "--key", "worker.key", "--json", "--concurrency", "2", "--lease-ms",
                String.valueOf(LEASE_MS)));
    }

    private PouwClient client(ScenarioNode node) {
        return new PouwClient(URI.create(node.url()), client, Duration.ofSeconds(30), Clock.system());
    }

    private void postIntent(PouwClient api, int i) {
        IntentCreated created = api.intents().submit(new ProgramIntent(Samples.source("fibonacci"),
                List.of(String.valueOf(10 + i % 10)), 10_000, "micro", 1000));
        intents.put(created.intentId(), created.jobIds());
    }

    /** The client's steady writes: a transfer of 1 to a new account every few milliseconds, an intent now and then. */
    private void load(ScenarioNode node, AtomicBoolean loading) {
        try (PouwClient api = client(node)) {
            for (int i = 0; loading.get(); i++) {
                String to = Ed25519.KeyPair.generate().did().toString();
                api.ledger().transfer(to, 1, "backup-it-" + i);
                transfers.add(to);
                if (i % 25 == 0 && i <= 100) {
                    postIntent(api, i);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The job of every reward entry, in ledger order (a job twice here would be a double payment). */
    private static List<String> rewards(ScenarioNode node) {
        return LiveLedger.entries(node).stream().filter(entry -> entry.kind().equals("reward"))
                .map(entry -> entry.jobIds().getFirst()).toList();
    }

    private static long jobsOf(ScenarioNode node) {
        JsonNode queue = JSON.readTree(node.get("/v1/pouw/system/status").body()).path("queue");
        long total = 0;
        for (String count : List.of("pending_count", "in_progress_count", "completed_count", "failed_count",
                "expired_count", "dead_letter_count")) {
            total += queue.path(count).asLong();
        }
        return total;
    }

    private static long completed(ScenarioNode node) {
        return JSON.readTree(node.get("/v1/pouw/system/status").body()).path("queue").path("completed_count")
                .asLong();
    }
}
