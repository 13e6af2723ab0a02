package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.crypto.Ed25519;

/**
 * Failure scenario 4 of docs/failures.md, fail-stop on an fsync I/O error (PostgreSQL's "fsyncgate" lesson): an
 * SQLite node's data folder lives on a FUSE pass-through ({@link FsyncFaultMount}) that is switched, while the node
 * runs, to answer every fsync with EIO. Asserted: writes acknowledged before the fault, and any acknowledged while it
 * was on, are all there after a restart, once; from the node's first refusal on, no write is acknowledged — each is
 * 503 {@code storage_sync_failed} (refused) or, for a commit whose own sync failed, 503 {@code unavailable} (in doubt,
 * settled with its key after the restart); {@code /readyz} is 503, a live scrape shows
 * {@code pouw_storage_writes_stopped} 1, the node's log names the failed fsync, reads go on; the file system really
 * failed syncs; once the fault is switched off the node still refuses writes (no silent recovery) while a sync
 * through the mount succeeds; after a restart on the healed mount writes are acknowledged again, every refused
 * transfer is absent and {@code pouw ledger verify} passes.
 */
// The profile's stated budget: a scenario test that runs longer fails rather than stretching the CI run.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FsyncFailStopFailoverIT {
    private static final String WRITES_STOPPED = "pouw_storage_writes_stopped{store=\"sqlite\"}";

    @TempDir
    Path dir;

    private FsyncFaultMount mount;
    private final List<ScenarioNode> nodes = new ArrayList<>();
    private final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    private final Map<String, String> tokens = new HashMap<>();
    private final List<String> ackedBefore = new ArrayList<>();
    private final List<String> ackedInFault = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final List<String> inDoubt = new ArrayList<>();

    @BeforeEach
    void mountTheFaultyFileSystem() throws Exception {
        mount = FsyncFaultMount.mount(dir.resolve("backing"), dir.resolve("fuse"), dir.resolve("fault"));
    }

    @AfterEach
    void unmount() throws Exception {
        nodes.forEach(ScenarioNode::kill);
        if (mount != null) {
            mount.close();
        }
    }

    @Test
    void aFailedFsyncStopsWritesUntilARestartAndLosesNothingAcknowledged() throws Exception {
        ScenarioNode node = startNode();
        for (int i = 0; i < 20; i++) {
            String to = newAccount();
            ScenarioNode.Reply reply = post(node, to);
            assertThat(reply.status()).as("writes succeed on a healthy mount: " + reply.body()).isEqualTo(200);
            ackedBefore.add(to);
        }
        assertThat(node.metric(WRITES_STOPPED)).as("writes go on before the fault").isZero();

        mount.failSyncs();
        long faultOn = System.nanoTime();
        // synchronous=NORMAL: a commit syncs only the header of a log it restarts (one fully checkpointed); else
        // the checkpointer's sync meets the fault within a tick of the first commit on it, and the commits before
        // that are acknowledged. Writes until the node has refused ten; each call sorted by its answer.
        int sent = 0;
        long firstRefusalAt = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (refused.size() < 10) {
            assertThat(System.nanoTime()).as("the node stops writing within 120 s of the fault").isLessThan(deadline);
            String to = newAccount();
            CallOutcome outcome = CallOutcome.ofPost(() -> post(node, to));
            sent++;
            switch (outcome.kind()) {
                case ACKED -> {
                    assertThat(refused).as("no write is acknowledged once the node has refused one: " + to)
                            .isEmpty();
                    ackedInFault.add(to);
                }
                case REFUSED -> {
                    assertThat(outcome.code()).as("a refusal names the failed fsync").isEqualTo("storage_sync_failed");
                    if (firstRefusalAt < 0) {
                        firstRefusalAt = System.nanoTime();
                    }
                    refused.add(to);
                }
                case IN_DOUBT -> {
                    assertThat(outcome.status()).as("in doubt is a 503 unavailable, never a 500").isEqualTo(503);
                    assertThat(outcome.code()).isEqualTo("unavailable");
                    inDoubt.add(to);
                }
            }
        }
        long stoppedMs = TimeUnit.NANOSECONDS.toMillis(firstRefusalAt - faultOn);
        assertThat(mount.failedSyncs()).as("the file system failed the node's syncs").isPositive();
        List<String> failedFiles = mount.failedSyncFiles();
        ScenarioNode.Reply readyz = node.get("/readyz");
        assertThat(readyz.status()).as(readyz.body()).isEqualTo(503);
        assertThat(CallOutcome.errorCode(readyz.body())).isEqualTo("storage_sync_failed");
        assertThat(node.metric(WRITES_STOPPED)).as("a live scrape shows writes stopped").isEqualTo(1);
        ScenarioNode.Reply read = node.get("/v1/ledger/accounts/" + ackedBefore.getFirst());
        assertThat(read.status()).as("reads go on: " + read.body()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("a.log.err")) + Files.readString(dir.resolve("a.log")))
                .as("the node's log names the cause").contains("an fsync of the SQLite database");

        // The fault is gone, a sync through the mount succeeds, and the node still refuses: no silent recovery.
        // Counted before the heal: a sync the stopped node tried at any time from here on, failed or not, shows.
        int syncsAtHeal = mount.syncs().size();
        mount.healSyncs();
        try (FileChannel probe = FileChannel.open(mount.path().resolve("sync-probe"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            probe.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            probe.force(true);
        }
        long failedSyncs = mount.failedSyncs();
        int refusedAfterHeal = 0;
        // Over two seconds — ten checkpointer ticks — every write is refused and readiness stays off.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        do {
            String to = newAccount();
            CallOutcome outcome = CallOutcome.ofPost(() -> post(node, to));
            assertThat(outcome.kind()).as("healed disk, same process: still refused (" + outcome + ")")
                    .isEqualTo(CallOutcome.Kind.REFUSED);
            assertThat(outcome.code()).isEqualTo("storage_sync_failed");
            refused.add(to);
            refusedAfterHeal++;
            assertThat(node.get("/readyz").status()).isEqualTo(503);
        } while (System.nanoTime() < until || refusedAfterHeal < 5);
        List<String> syncs = mount.syncs();
        List<String> syncedSinceStop = syncs.subList(syncsAtHeal, syncs.size());
        assertThat(syncedSinceStop).as("the test's own sync went through the healed mount").contains("ok /sync-probe");
        assertThat(syncedSinceStop).as("the stopped node synced nothing again (no retried fsync)")
                .containsOnly("ok /sync-probe");

        // The operator's restart (SIGTERM, then start) on the healed mount.
        node.close();
        nodes.remove(node);
        ScenarioNode restarted = node.restart();
        nodes.add(restarted);
        assertThat(restarted.get("/readyz").status()).isEqualTo(200);
        assertThat(restarted.metric(WRITES_STOPPED)).isZero();
        for (String to : inDoubt) {
            ScenarioNode.Reply retried = post(restarted, to);
            assertThat(retried.status()).as("an in-doubt transfer retried with its key: " + retried.body())
                    .isEqualTo(200);
        }
        String after = newAccount();
        assertThat(post(restarted, after).status()).as("writes are acknowledged again after the restart")
                .isEqualTo(200);
        List<String> acked = new ArrayList<>(ackedBefore);
        acked.addAll(ackedInFault);
        acked.addAll(inDoubt);
        acked.add(after);
        for (String to : acked) {
            assertThat(restarted.balance(to)).as("an acknowledged (or settled) transfer is there once: " + to)
                    .isEqualTo(1);
        }
        for (String to : refused) {
            assertThat(restarted.balance(to)).as("a refused transfer was not applied: " + to).isZero();
        }
        restarted.close();
        nodes.remove(restarted);
        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify", "--data-dir", "fuse/a");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();

        System.out.printf("FAILOVER fsync: %d writes acknowledged before the fault; with syncs failing (%d EIO, on"
                        + " %s) %d of %d writes acknowledged before the first refusal %d ms after the fault, %d in"
                        + " doubt, %d refused 503 storage_sync_failed; after the fault was switched off %d more"
                        + " refused, /readyz 503 until the restart; after the restart all %d acknowledged or settled"
                        + " there once, none refused, ledger verify passed%n", ackedBefore.size(), failedSyncs,
                failedFiles, ackedInFault.size(), sent, stoppedMs, inDoubt.size(), refused.size() - refusedAfterHeal,
                refusedAfterHeal, acked.size());
    }

    private ScenarioNode startNode() {
        ScenarioNode node = ScenarioNode.startOn(dir, "a", "fuse/a", Map.of("genesis", client.did() + "=10000000",
                "rate_limits.enabled", "false"));
        nodes.add(node);
        return node;
    }

    /** The transfer of 1 to {@code to}, keyed by it, so a retry is the same transfer. */
    private ScenarioNode.Reply post(ScenarioNode node, String to) {
        return node.post("/v1/ledger/transfers", "{\"to\":\"" + to + "\",\"amount\":1,\"idempotency_key\":\""
                + to.substring(to.length() - 20) + "\"}", Map.of("Authorization", "Bearer " + token(node)));
    }

    /** The client's bearer token at {@code node} (signed in once per node process, before any fault). */
    private String token(ScenarioNode node) {
        return tokens.computeIfAbsent(node.url() + "@" + System.identityHashCode(node), key -> node.signIn(client));
    }

    private static String newAccount() {
        return Ed25519.KeyPair.generate().did().toString();
    }
}
