package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.client.AuthApi;
import org.pouw.client.EventFollower;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.client.jobs.NodeAttempt;
import org.pouw.client.jobs.NodeJob;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.node.auth.Tokens;
import org.pouw.store.support.EmbeddedPostgresServer;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failure scenario 3 of docs/failures.md behind a real load balancer: two {@code pouw node start} processes on one
 * real PostgreSQL behind a real HAProxy running the shipped {@code deploy/haproxy/haproxy.cfg} (its addresses and
 * check period from the environment). One client pays through HAProxy in a loop, signed in once, so its token is
 * taken by either node; an event stream follows the log through HAProxy; a {@code pouw worker} process beside node A
 * (talking to A, as on one host) proves jobs.
 *
 * <ol>
 *   <li>A rolling restart: each node in turn gets SIGTERM (readiness says {@code draining}, HAProxy drains it,
 *       the port closes after {@code http.drain_ms}), is started again and taken back; A's worker is stopped
 *       (SIGTERM) just before A, while it holds jobs. <b>Asserted:</b> every payment acked — no error of any kind
 *       reached the client; HAProxy's log shows each node "stopping" (drained on the 404) while it still ran, and
 *       "DOWN" only after; the worker's jobs were handed back {@code released}: free again at once, no retry spent,
 *       then done by the worker through HAProxy before their lease would have run out; the event stream, cut when
 *       its node stopped, resumed on the other node with every event once and none missed; a challenge one node issued
 *       is signed in at the other.</li>
 *   <li>A node frozen (SIGSTOP) for 3 s, then let go; then a node killed (SIGKILL). <b>Reported:</b> the errors the
 *       client saw and how long after the fault the last one came (the time to reroute); <b>asserted:</b> no 500,
 *       and every payment that was in doubt, sent again with its key, is then in the ledger exactly once.</li>
 * </ol>
 * Finally every acked payment is in the ledger exactly once, entries are dense, and {@code pouw ledger verify}
 * passes.
 */
// Longer than the other scenarios' 5 minutes: three node JVMs start one after another (the first two, then each
// restart), and two workers, which took a minute or more each on the loaded 2-core development machine (the class
// took 403-408 s there at load average 20-45).
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RollingRestartFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** HAProxy's check period here; the shipped default is 1 s. */
    private static final String CHECK_INTER = "500ms";
    /**
     * Longer than one check period plus the shipped {@code timeout check} (2 s), the longest HAProxy can take to
     * see the 404 after SIGTERM, with room for the requests in flight to finish.
     */
    private static final long DRAIN_MS = 3_000;
    private static final int THREADS = 4;
    /** The workers' leases: a job whose lease was left to run out could not be done again for this long. */
    private static final long LEASE_MS = 120_000;
    private static final int INTENTS = 12;
    private static final String EVENTS = "/v1/pouw/events";

    @TempDir
    Path dir;

    private final List<ScenarioNode> nodes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private Process haproxy;
    private PouwClient observer;
    private EventFollower follower;
    private final Ed25519.KeyPair observerKey = Ed25519.KeyPair.generate();

    @AfterEach
    void stop() {
        if (follower != null) {
            follower.close();
        }
        if (observer != null) {
            observer.close();
        }
        workers.forEach(Process::destroyForcibly);
        if (haproxy != null) {
            haproxy.destroyForcibly();
        }
        nodes.forEach(ScenarioNode::close);
    }

    @Test
    void aRollingRestartBehindHaproxyCostsTheClientNothing() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        Path secret = dir.resolve("token.secret");
        Tokens.createSecret(secret);
        Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
        String payee = Ed25519.KeyPair.generate().did().toString();
        Map<String, String> settings = Map.of("storage.backend", "postgresql", "storage.url", url,
                "storage.user", "postgres", "auth.token_secret_file", secret.toString(),
                "genesis", payer.did() + "=100000000", "http.drain_ms", String.valueOf(DRAIN_MS),
                "intents.segment_steps", "16",
                // one client pays in a loop: the limits are not what this scenario tests
                "rate_limits.enabled", "false",
                // a closed event stream is noticed at its next write: a heartbeat a second, not every 15 s
                "http.stream_heartbeat_ms", "1000");
        Map<String, Map<String, String>> each = new LinkedHashMap<>();
        each.put("a", settings);
        each.put("b", settings);
        nodes.addAll(ScenarioNode.startEach(dir, each));
        Map<String, String> didOf = new HashMap<>();
        for (ScenarioNode node : nodes) {
            try (PouwClient direct = new PouwClient(URI.create(node.url()), observerKey, Duration.ofSeconds(30),
                    Clock.system())) {
                didOf.put(node.name(), direct.system().status().nodeDid());
            }
        }
        Ed25519.KeyPair workerA = Ed25519.KeyPair.generate();
        Ed25519.KeyPair workerB = Ed25519.KeyPair.generate();
        KeyFile.create(dir.resolve("worker-a.key"), workerA);
        KeyFile.create(dir.resolve("worker-b.key"), workerB);
        int lbPort = CliProcess.freePort();
        String lb = "http://127.0.0.1:" + lbPort;
        haproxy = startHaproxy(lbPort, nodes.get(0).port(), nodes.get(1).port());
        HaproxyLog haproxyLog = new HaproxyLog(dir.resolve("haproxy.log"));
        // Signed in once through HAProxy: its token is then taken by whichever node a request reaches.
        observer = new PouwClient(URI.create(lb), observerKey, Duration.ofSeconds(30), Clock.system());
        awaitServing(didOf.values());
        progress("both nodes serving through HAProxy");

        // Work for the workers, posted through HAProxy.
        List<String> jobIds = new ArrayList<>();
        try (PouwClient requester = new PouwClient(URI.create(lb), payer, Duration.ofSeconds(30), Clock.system())) {
            for (int i = 0; i < INTENTS; i++) {
                jobIds.addAll(requester.intents().submit(new ProgramIntent(Samples.source("fibonacci"),
                        List.of(String.valueOf(20 + i)), 10_000, "micro", 1000)).jobIds());
            }
        }
        // A's worker talks to A, as on one host, and hands back at once what it holds when stopped; B's goes through
        // HAProxy and carries on across both restarts.
        Process workerOfA = startWorker(nodes.get(0).url(), "worker-a", "--concurrency", "4", "--shutdown-grace",
                "0");
        startWorker(lb, "worker-b", "--concurrency", "2");
        // The event stream, through HAProxy from the first event: it must see every event once across the restarts.
        List<Long> eventSeqs = new CopyOnWriteArrayList<>();
        follower = observer.events().follower(0);
        Thread.ofVirtual().start(() -> follower.follow(event -> eventSeqs.add(event.seq())));

        try (PaymentLoad load = new PaymentLoad(lb, payer, payee)) {
            // 1. The rolling restart.
            load.start("roll", THREADS);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acked() >= 20);
            // A's host is stopped while its worker holds jobs, so what the worker does with them is seen. On an idle
            // machine the first batch can be done by now, so the queue is filled again first.
            try (PouwClient requester = new PouwClient(URI.create(lb), payer, Duration.ofSeconds(30),
                    Clock.system())) {
                for (int i = 0; i < INTENTS; i++) {
                    jobIds.addAll(requester.intents().submit(new ProgramIntent(Samples.source("fibonacci"),
                            List.of(String.valueOf(40 + i)), 10_000, "micro", 1000)).jobIds());
                }
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> !jobsInHand("worker-a.log").isEmpty());
            List<String> restarts = new ArrayList<>();
            Set<String> released = Set.of();
            Map<String, String> releasedStatus = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                ScenarioNode node = nodes.get(i);
                String server = "node" + (i + 1);
                long stoppingBefore = haproxyLog.stoppingCount(server);
                if (i == 0) {
                    // A's host stops: its worker first, while A still serves its hand-backs. (Stopped together, the
                    // worker's release calls raced A's drain on the loaded machine, came after the port closed, and
                    // the jobs waited out their leases.)
                    progress("SIGTERM to A's worker");
                    workerOfA.destroy();
                    assertThat(workerOfA.waitFor(60, TimeUnit.SECONDS)).as("A's worker exits on SIGTERM").isTrue();
                    released = workerEvents("worker-a.log", "released");
                    // Every job the worker held when it stopped was handed back: none is left claimed without an
                    // end. (The worker may have finished the jobs it was seen holding in the moment before the
                    // signal; then it held none and the hand-back checks below have nothing to check.)
                    assertThat(jobsInHand("worker-a.log"))
                            .as("jobs A's worker still held when it exited, neither finished nor handed back")
                            .isEmpty();
                    progress(released.isEmpty() ? "A's worker held no job when stopped"
                            : "A's worker handed back " + released.size() + " jobs");
                    // At once: free again now (or already taken by B's worker), not held until the lease runs out.
                    for (String jobId : released) {
                        releasedStatus.put(jobId, observer.jobs().get(jobId).status());
                    }
                }
                progress("SIGTERM to " + node.name());
                long sigtermAt = System.nanoTime();
                node.sigterm();
                long drainedMs = -1;
                while (node.isAlive()) {
                    if (drainedMs < 0 && haproxyLog.stoppingCount(server) > stoppingBefore) {
                        drainedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigtermAt);
                    }
                    if (System.nanoTime() - sigtermAt > TimeUnit.SECONDS.toNanos(60)) {
                        throw new AssertionError("node " + node.name() + " did not stop within 60 s of SIGTERM");
                    }
                    Thread.sleep(20);
                }
                long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigtermAt);
                assertThat(drainedMs).as("HAProxy logged %s as stopping (drained on the 404) while the node still"
                        + " ran; its log:%n%s", server, haproxyLog.text()).isNotNegative();
                progress(node.name() + " stopped; starting it again");
                long restartedAt = System.nanoTime();
                ScenarioNode again = node.restart();
                nodes.set(i, again);
                awaitServing(Set.of(didOf.get(node.name())));
                long backMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
                assertThat(haproxyLog.stateAfterStopping(server, stoppingBefore + 1))
                        .as("after draining, HAProxy marked %s down when its port closed", server)
                        .startsWith("Server pouw_nodes/" + server + " is DOWN");
                int ackedThen = load.acked();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acked() >= ackedThen + 20);
                progress(node.name() + " serving again");
                restarts.add(node.name() + ": drained by HAProxy " + drainedMs + " ms after SIGTERM, stopped after "
                        + stopMs + " ms, serving through HAProxy again " + backMs + " ms after its restart");
            }
            load.stop();
            Map<Integer, Integer> rollingStatuses = load.statuses();
            assertThat(rollingStatuses).as("the rolling restart's answers: every call acked, no error of any kind")
                    .containsOnlyKeys(200);
            assertThat(load.inDoubt()).as("calls without an answer during the rolling restart").isEmpty();
            int rollingPayments = load.acked();

            String handedBack = checkHandedBack(released, releasedStatus, jobIds, workerA, workerB);
            String resumed = checkEventStream(eventSeqs, haproxyLog);
            String signIn = checkSignInAcrossNodes();

            // 2. A node frozen for 3 s, then a node killed: what the client sees is reported.
            ScenarioNode b = nodes.get(1);
            String frozen = fault(load, "freeze", () -> {
                b.pause();
                sleep(3_000);
                b.resume();
            });
            awaitServing(Set.of(didOf.get("b")));
            ScenarioNode a = nodes.get(0);
            String killed = fault(load, "kill", a::kill);
            assertThat(load.statuses()).as("no 500 from HAProxy or a node").doesNotContainKey(500);
            int settled = load.settleInDoubt(Duration.ofSeconds(60));

            Map<String, Integer> ledger = PaymentLoad.ledgerKeys(load.client());
            assertThat(load.lostOf(load.ackedKeys(), ledger)).as("acked payments missing").isEmpty();
            for (String key : load.ackedKeys()) {
                assertThat(ledger.get(load.entryKey(key))).as("payment " + key).isEqualTo(1);
            }
            System.out.println("FAILOVER HAProxy's log of the servers' states:\n" + haproxyLog.text().lines()
                    .filter(line -> line.startsWith("Server pouw_nodes/")).collect(
                            java.util.stream.Collectors.joining("\n")));
            System.out.printf("FAILOVER rolling restart behind HAProxy (check every %s, drain %d ms): %d payments,"
                            + " answers %s, none in doubt; %s. %s. %s. %s. SIGSTOP 3 s: %s. SIGKILL: %s. %d in doubt"
                            + " in all, each acked once when sent again; all answers %s%n", CHECK_INTER, DRAIN_MS,
                    rollingPayments, rollingStatuses, String.join("; ", restarts), handedBack, resumed, signIn,
                    frozen, killed, settled, load.statuses());
        }
        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify", "--data-dir", "b",
                "--set", "storage.backend=postgresql", "--set", "storage.url=" + url,
                "--set", "storage.user=postgres", "--set", "auth.token_secret_file=" + secret);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    /**
     * The jobs A's worker handed back on SIGTERM: each was pending again at once, its attempt is recorded
     * {@code released} and spent none of its retries, and the worker through HAProxy did it well inside the lease
     * it would otherwise have waited out. Every job is then completed and paid once.
     */
    private String checkHandedBack(Set<String> released, Map<String, String> statusAtRelease, List<String> jobIds,
            Ed25519.KeyPair workerA, Ed25519.KeyPair workerB) {
        long releasedAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> jobIds.stream().allMatch(id -> observer.jobs().get(id).status().equals("completed")));
        int baseline = -1;
        for (String jobId : jobIds) {
            if (!released.contains(jobId)) {
                baseline = observer.jobs().get(jobId).maxRetries();
                break;
            }
        }
        List<Long> gaps = new ArrayList<>();
        for (String jobId : released) {
            // Free for anyone to lease now, not at the lease's end (B's worker may have taken it already: the
            // history below says by whom).
            assertThat(statusAtRelease.get(jobId)).as("job %s right after A's worker handed it back", jobId)
                    .isIn("pending", "in_progress", "completed");
            List<NodeAttempt> attempts = observer.jobs().history(jobId).attempts();
            List<NodeAttempt> handBacks = attempts.stream().filter(attempt -> attempt.outcome().equals("released"))
                    .toList();
            assertThat(handBacks).as("job %s's attempts %s", jobId, attempts).isNotEmpty()
                    .allSatisfy(attempt -> assertThat(attempt.proverId()).isEqualTo(workerA.did().toString()));
            NodeAttempt handBack = handBacks.getLast();
            NodeAttempt next = attempts.stream().filter(attempt -> attempt.startedAtMs() >= handBack.endedAtMs()
                    && attempt != handBack).findFirst().orElseThrow();
            assertThat(next.proverId()).as("job %s taken again by the other worker", jobId)
                    .isEqualTo(workerB.did().toString());
            gaps.add(next.startedAtMs() - handBack.endedAtMs());
            assertThat(next.startedAtMs() - handBack.endedAtMs()).as("job %s leased again before the %d ms lease it"
                    + " was handed back from would have run out", jobId, LEASE_MS).isLessThan(LEASE_MS);
            NodeJob job = observer.jobs().get(jobId);
            if (baseline >= 0) {
                assertThat(job.maxRetries() - handBacks.size()).as("job %s: a hand-back spends no retry", jobId)
                        .isEqualTo(baseline);
            }
        }
        Map<String, Integer> rewards = new HashMap<>();
        long cursor = 0;
        List<org.pouw.client.ledger.NodeLedgerEntry> page;
        while (!(page = observer.ledger().entries(cursor, 1000)).isEmpty()) {
            for (org.pouw.client.ledger.NodeLedgerEntry entry : page) {
                if (entry.kind().equals("reward")) {
                    entry.jobIds().forEach(id -> rewards.merge(id, 1, Integer::sum));
                }
                cursor = entry.seq();
            }
        }
        for (String jobId : jobIds) {
            assertThat(rewards.get(jobId)).as("job %s paid exactly once", jobId).isEqualTo(1);
        }
        gaps.sort(null);
        return released.size() + " jobs handed back released by A's stopping worker (status right after: "
                + statusAtRelease.values() + "), leased again by the other worker " + gaps + " ms after the hand-back;"
                + " all " + jobIds.size() + " jobs completed and paid once " + (System.currentTimeMillis() - releasedAt)
                + " ms after the rolling restart ended";
    }

    /**
     * The stream followed through HAProxy since the first event: it was cut when its node stopped and resumed (with
     * {@code Last-Event-ID}) on the other node, and saw every event of the log exactly once, in order.
     */
    private String checkEventStream(List<Long> seqs, HaproxyLog log) throws InterruptedException {
        long last = observer.system().status().lastEventSeq();
        await().atMost(Duration.ofSeconds(30)).until(() -> follower.lastSeq() >= last);
        follower.close();
        // HAProxy logs a stream when it ends: one cut when its node stopped, and the one closed just now, on the
        // other node. HAProxy may notice that close only at the stream's next write, its heartbeat (1 s here).
        await().atMost(Duration.ofSeconds(40)).until(() -> log.serversOf(EVENTS).size() == 2);
        List<Long> upTo = seqs.stream().filter(seq -> seq <= last).toList();
        assertThat(upTo).as("every event once, in order, across the restarts")
                .isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
        assertThat(log.requestsOf(EVENTS)).as("streams HAProxy logged").isGreaterThanOrEqualTo(2);
        return "the event stream, through HAProxy, resumed " + (log.requestsOf(EVENTS) - 1) + " times, on "
                + log.serversOf(EVENTS) + ", and saw all " + last + " events once";
    }

    /** A challenge one node issued is exchanged for a token at the other, both ways (the nodes were restarted). */
    private String checkSignInAcrossNodes() {
        Ed25519.KeyPair someone = Ed25519.KeyPair.generate();
        try (PouwClient atA = direct(nodes.get(0), someone); PouwClient atB = direct(nodes.get(1), someone)) {
            AuthApi.AuthChallenge fromA = atA.auth().challenge();
            assertThat(atB.auth().token(fromA).token()).as("A's challenge, signed in at B").isNotEmpty();
            AuthApi.AuthChallenge fromB = atB.auth().challenge();
            assertThat(atA.auth().token(fromB).token()).as("B's challenge, signed in at A").isNotEmpty();
        }
        return "a challenge from either node signed in at the other";
    }

    private static PouwClient direct(ScenarioNode node, Ed25519.KeyPair key) {
        return new PouwClient(URI.create(node.url()), key, Duration.ofSeconds(30), Clock.system());
    }

    /** A {@code pouw worker} process on {@code node} with the key {@code name.key}, logging to {@code name.log}. */
    private Process startWorker(String node, String name, String... options) {
        List<String> args = new ArrayList<>(List.of("worker", "--node", node, "--key", name + ".key", "--json",
                "--lease-ms", String.valueOf(LEASE_MS)));
        args.addAll(List.of(options));
        Process worker = CliProcess.start(dir, dir.resolve(name + ".log"), args.toArray(String[]::new));
        workers.add(worker);
        return worker;
    }

    /** The jobs of a worker's JSON log with an event of {@code type}. */
    private Set<String> workerEvents(String log, String type) throws IOException {
        Path file = dir.resolve(log);
        Set<String> jobs = new HashSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                JsonNode event = line.startsWith("{") ? JSON.readTree(line) : null;
                if (event != null && event.path("event").asString().equals(type)) {
                    jobs.add(event.path("job_id").asString());
                }
            }
        }
        return jobs;
    }

    /** Jobs the worker claimed and has not yet finished, failed, lost or handed back. */
    private Set<String> jobsInHand(String log) throws IOException {
        Set<String> held = new HashSet<>(workerEvents(log, "claimed"));
        for (String end : List.of("submitted", "rejected", "failed", "lease_lost", "released")) {
            held.removeAll(workerEvents(log, end));
        }
        return held;
    }

    private final long startedAt = System.nanoTime();

    private void progress(String step) {
        System.out.printf("FAILOVER rolling restart, %d s: %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt), step);
    }

    /** Runs {@code fault} under load and reports the client's errors and the time from the fault to the last. */
    private static String fault(PaymentLoad load, String name, Runnable fault) throws InterruptedException {
        load.start(name, THREADS);
        int before = load.acked();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked() >= before + 20);
        long at = System.nanoTime();
        fault.run();
        long after = System.nanoTime();
        int ackedThen = load.acked();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked() >= ackedThen + 40);
        load.stop();
        long last = load.lastErrorAfter(at);
        return load.errorsAfter(at) + " client errors, the last " + (last < 0 ? "-" : TimeUnit.NANOSECONDS.toMillis(
                last - at) + " ms") + " after the fault (the fault itself took "
                + TimeUnit.NANOSECONDS.toMillis(after - at) + " ms)";
    }

    /** HAProxy in the foreground on the shipped configuration, its log next to the nodes'. */
    private Process startHaproxy(int lbPort, int nodeA, int nodeB) throws IOException {
        Path binary = List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/bin/haproxy")).stream()
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                        "no haproxy: install Debian's haproxy (apt-get install haproxy; ./run-tests does it through"
                                + " scripts/install-test-tools.sh)"));
        Path config = Path.of("..", "deploy", "haproxy", "haproxy.cfg").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile());
        builder.environment().put("POUW_HAPROXY_BIND", "127.0.0.1:" + lbPort);
        builder.environment().put("POUW_NODE_1", "127.0.0.1:" + nodeA);
        builder.environment().put("POUW_NODE_2", "127.0.0.1:" + nodeB);
        builder.environment().put("POUW_CHECK_INTER", CHECK_INTER);
        return builder.start();
    }

    /** Waits until status calls through the load balancer have reached every node in {@code dids}. */
    private void awaitServing(java.util.Collection<String> dids) {
        Set<String> seen = new HashSet<>();
        try {
            awaitSeen(seen, dids);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String log;
            try {
                log = Files.readString(dir.resolve("haproxy.log"));
            } catch (IOException unreadable) {
                log = "(no log)";
            }
            throw new AssertionError("HAProxy did not reach " + dids + " (saw " + seen + "); its log:\n" + log, e);
        }
    }

    private void awaitSeen(Set<String> seen, java.util.Collection<String> dids) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!haproxy.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
            }
            try {
                seen.add(observer.system().status().nodeDid());
            } catch (NodeException notYet) {
                // HAProxy not listening yet, or no node up behind it
            }
            return seen.containsAll(dids);
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
