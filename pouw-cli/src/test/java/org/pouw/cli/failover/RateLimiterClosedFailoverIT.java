package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.client.jobs.Lease;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.store.support.RedisServerProcess;
import org.pouw.vm.Samples;

/**
 * Failure scenario 1 of docs/failures.md in the opt-in {@code closed} mode ({@code rate_limits.redis_lost = closed}):
 * two {@code pouw node start} processes share their limits on one real {@code redis-server}; Redis is killed
 * (SIGKILL) and started again empty, frozen (SIGSTOP) and resumed, and killed and started again from an old snapshot
 * ({@link #redisRestartedFromAnOldSnapshot}, which asserts issue 24's bound on what an abusive client gets).
 * Throughout the first two, a signed-in worker renews the lease it holds on node A every 100 ms (a lease call), and a
 * client sends limited calls to both nodes: sign-in challenges (class {@code auth}) and ledger transfers (class
 * {@code intents}).
 *
 * <p>Asserted per fault: every renewal is answered 200 — a worker never loses a lease to a limiter outage; every
 * limited call is answered 200, 429 or 503 {@code rate_limits_unavailable} with a {@code Retry-After} of at least one
 * second, never another status (no 500); once a node noticed (a live scrape shows
 * {@code pouw_rate_limit_store_state{state="fallback"} 1} and the refusals counted in
 * {@code pouw_rate_limit_store_lost_refusals_total}) it admits no limited call at all until Redis answers again; after
 * Redis is back both nodes return to the shared buckets by themselves and a limited call is served. Every transfer
 * refused 503 is absent from the ledger (the refusal promised nothing happened) and, sent again with its key after the
 * outage, is applied once. Reported ({@code FAILOVER} lines): the calls refused, the renewals served, the slowest
 * answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RateLimiterClosedFailoverIT {
    private static final long FAULT_MS = 3_000;
    private static final long RETRY_MS = 1_000;
    /** A limited call waits at most {@code rate_limits.redis_timeout_ms} (250 ms) on Redis; this with room. */
    private static final long SLOWEST_ANSWER_MS = 5_000;
    /** Sign-in calls each node gets during an outage at least, however slowly it answers. */
    private static final int CALLS_PER_NODE = 5;
    private static final int NODES = 2;
    private static final int AUTH_BURST = 40;
    private static final int AUTH_PER_MINUTE = 120;
    /**
     * Transfers sent on A during one outage. Each refused one is sent again after Redis is back, through the payer's
     * bucket, which an empty Redis restarts with one refill: on the idle CI rehearsal a transfer every tenth call
     * made 70 of them, more than that bucket refills within the resend's minute.
     */
    private static final int TRANSFERS_PER_OUTAGE = 8;
    /** Four sign-in calls' worth of refill at {@link #AUTH_PER_MINUTE}. */
    private static final Duration SETUP_RETRY = Duration.ofSeconds(2);

    private RedisServerProcess redis;
    private List<ScenarioNode> nodes;
    private final Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair prover = Ed25519.KeyPair.generate();
    private PouwClient payerOnA;
    private PouwClient proverOnA;
    private LeasedJob held;
    private volatile String leaseToken;

    @BeforeAll
    void start(@TempDir Path dir) {
        redis = RedisServerProcess.start("--maxmemory-policy", "noeviction");
        Map<String, String> settings = new HashMap<>(Map.of("rate_limits.store", "redis",
                "rate_limits.redis_url", redis.url(), "rate_limits.nodes", "2",
                "rate_limits.redis_retry_ms", String.valueOf(RETRY_MS), "rate_limits.redis_lost", "closed",
                "http.trusted_proxies", "127.0.0.1", "genesis", payer.did() + "=10000000",
                "intents.segment_steps", "16"));
        // Sign-ins limited, so the old-snapshot bound (nodes × burst + rate × window) is far below what an unlimited
        // client would get; the other tests' limited calls come from fresh addresses and take 429 or 503.
        settings.put("rate_limits.auth.address_burst", String.valueOf(AUTH_BURST));
        settings.put("rate_limits.auth.address_per_minute", String.valueOf(AUTH_PER_MINUTE));
        nodes = ScenarioNode.startAll(dir, List.of("a", "b"), settings);
        payerOnA = client(nodes.getFirst(), payer);
        proverOnA = client(nodes.getFirst(), prover);
        // A fresh Redis starts each bucket with one refill, not full (RedisBuckets, "Lost state"), so the setup's
        // four sign-in calls, sent within milliseconds on an idle machine, outran the refill (429 auth.address before
        // any test ran, in two CI runs): each setup call waits for its turn. Two seconds apart, so the bucket holds a
        // sign-in's two calls (challenge, token) when one is tried: polled faster, each retry's challenge spent the
        // token that had just come and its token call was refused again, for 30 s in one rehearsal.
        await().atMost(Duration.ofSeconds(60)).pollInterval(SETUP_RETRY)
                .ignoreExceptionsMatching(RateLimiterClosedFailoverIT::rateLimited)
                .until(() -> payerOnA.intents().submit(new ProgramIntent(Samples.source("fibonacci"), List.of("20"),
                        10_000, "micro", 1000)) != null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(SETUP_RETRY)
                .ignoreExceptionsMatching(RateLimiterClosedFailoverIT::rateLimited)
                .until(() -> {
                    List<LeasedJob> claimed = proverOnA.jobs().claim(List.of(), List.of(), 1, 60_000);
                    if (claimed.isEmpty()) {
                        return false;
                    }
                    held = claimed.getFirst();
                    leaseToken = held.lease().token();
                    return true;
                });
    }

    /** A call refused by the rate limiter (the sign-in's), sent before anything was written. */
    private static boolean rateLimited(Throwable refused) {
        return refused instanceof NodeException e && e.isRateLimited();
    }

    @AfterAll
    void stop() throws Exception {
        for (PouwClient client : new PouwClient[] {payerOnA, proverOnA}) {
            if (client != null) {
                client.close();
            }
        }
        if (nodes != null) {
            nodes.forEach(ScenarioNode::close);
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** After each fault: both nodes back on the shared buckets by themselves, and a limited call served. */
    @AfterEach
    void backToShared() {
        RateLimitProbes.awaitShared(nodes);
        String fresh = nextClient();
        for (ScenarioNode node : nodes) {
            assertThat(node.post("/v1/auth/challenge", challengeBody(), Map.of("X-Forwarded-For", fresh)).status())
                    .as(node.name() + " serves a limited call once Redis is back").isEqualTo(200);
        }
    }

    @Test
    void redisKilledAndStartedAgainEmpty() throws Exception {
        Outage outage = new Outage("kill9");
        outage.renewInBackground();
        redis.kill();
        outage.limitedCalls(FAULT_MS);
        redis.startAgainEmpty();
        outage.finish("redis kill -9, restart empty");
    }

    @Test
    void redisFrozenBySigstopAndResumed() throws Exception {
        Outage outage = new Outage("sigstop");
        outage.renewInBackground();
        redis.pause();
        try {
            outage.limitedCalls(FAULT_MS);
        } finally {
            redis.resume();
        }
        outage.finish("redis SIGSTOP, SIGCONT");
    }

    /**
     * Scenario 1's fourth fault in the closed mode: Redis killed and started again from a snapshot taken while the
     * abuser's bucket was nearly full, after which the abuser drained the live bucket. The restarted Redis has
     * forgotten the drain; the nodes meanwhile refuse (closed) until they find it again. Asserted: every answer is
     * 200, 429 or 503 {@code rate_limits_unavailable}; what the abuser gets from the kill to a few seconds after the
     * restart is at most {@code nodes × burst + rate × window} (issue 24's bound).
     */
    @Test
    void redisRestartedFromAnOldSnapshot() throws Exception {
        String abuser = nextClient();
        assertThat(nodes.getFirst().post("/v1/auth/challenge", challengeBody(), Map.of("X-Forwarded-For", abuser))
                .status()).as("the abuser's first call, before the snapshot").isEqualTo(200);
        redis.snapshot();
        // Drained on the shared buckets: hammered until each node has refused it (a count, not a time, so a slow
        // machine drains it too).
        Map<String, Integer> drained = new java.util.TreeMap<>();
        boolean[] refusedBy = new boolean[NODES];
        long cutOff = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; !(refusedBy[0] && refusedBy[1]); i++) {
            assertThat(System.nanoTime()).as("the abuser's bucket drained within 60 s: " + drained)
                    .isLessThan(cutOff);
            ScenarioNode.Reply reply = nodes.get(i % NODES).post("/v1/auth/challenge", challengeBody(),
                    Map.of("X-Forwarded-For", abuser));
            assertThat(reply.status()).as(reply.body()).isIn(200, 429);
            drained.merge(String.valueOf(reply.status()), 1, Integer::sum);
            refusedBy[i % NODES] |= reply.status() == 429;
        }
        long windowStart = System.nanoTime();
        redis.kill();
        redis.startAgain(); // loads the snapshot: the abuser's bucket as it was before the drain
        Map<String, Integer> answers = new java.util.TreeMap<>();
        int admitted = 0;
        long slowest = 0;
        long end = System.nanoTime() + 2 * FAULT_MS * 1_000_000;
        for (int i = 0; System.nanoTime() < end; i++) {
            ScenarioNode node = nodes.get(i % NODES);
            ScenarioNode.Reply reply = node.post("/v1/auth/challenge", challengeBody(),
                    Map.of("X-Forwarded-For", abuser));
            String outcome = reply.status() + (reply.status() == 503 ? " " + code(reply.body()) : "");
            assertThat(outcome).as(node.name() + " answered " + reply.body()).isIn("200", "429",
                    "503 rate_limits_unavailable");
            answers.merge(outcome, 1, Integer::sum);
            admitted += reply.status() == 200 ? 1 : 0;
            slowest = Math.max(slowest, reply.millis());
        }
        double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
        long bound = NODES * AUTH_BURST + (long) Math.ceil(AUTH_PER_MINUTE / 60.0 * windowSeconds);
        System.out.printf("FAILOVER rate limits closed, redis kill -9, restart from an old snapshot: drained with %s;"
                        + " then in %.1f s %s, %d admitted (asserted bound %d = %d nodes x burst %d + rate x"
                        + " window); slowest answer %d ms%n", drained, windowSeconds, answers, admitted, bound,
                NODES, AUTH_BURST, slowest);
        assertThat(admitted).as("what the abuser gets across a restart from an old snapshot").isLessThanOrEqualTo(
                (int) bound);
        assertThat(slowest).as("no call stalls on Redis").isLessThan(SLOWEST_ANSWER_MS);
    }

    /** One fault's calls and what came of them. */
    private final class Outage {
        private final String keyPrefix;
        private final AtomicBoolean renewing = new AtomicBoolean(true);
        private final Map<Integer, Integer> renewals = new ConcurrentHashMap<>();
        private final Map<String, Integer> limited = new ConcurrentHashMap<>();
        private final List<String> refusedTransfers = new ArrayList<>();
        private volatile long slowestMillis;
        private Thread renewer;
        private int admittedAfterNoticed;
        private int refused;
        private int transfersSent;

        Outage(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        /** The worker renews its lease on A every 100 ms until {@link #finish}; each answer's status counted. */
        void renewInBackground() {
            renewer = Thread.ofVirtual().start(() -> {
                while (renewing.get()) {
                    long sent = System.nanoTime();
                    int status;
                    try {
                        Lease lease = proverOnA.jobs().renew(held.job().jobId(), leaseToken, 60_000);
                        leaseToken = lease.token();
                        status = 200;
                    } catch (NodeException e) {
                        status = e.status();
                    }
                    renewals.merge(status, 1, Integer::sum);
                    slowestMillis = Math.max(slowestMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                    sleep(100);
                }
            });
        }

        /**
         * Limited calls to both nodes for {@code millis}, and on until each node was asked {@link #CALLS_PER_NODE}
         * times (a loaded machine may answer slowly): sign-in challenges (raw) and transfers (the client).
         */
        void limitedCalls(long millis) {
            String address = nextClient();
            boolean[] noticed = new boolean[nodes.size()];
            int[] asked = new int[nodes.size()];
            long end = System.nanoTime() + millis * 1_000_000;
            long cutOff = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; System.nanoTime() < end || java.util.Arrays.stream(asked).min().orElse(0)
                    < CALLS_PER_NODE; i++) {
                assertThat(System.nanoTime()).as("each node asked " + CALLS_PER_NODE + " times within 60 s")
                        .isLessThan(cutOff);
                int n = i % nodes.size();
                ScenarioNode node = nodes.get(n);
                ScenarioNode.Reply reply = node.post("/v1/auth/challenge", challengeBody(),
                        Map.of("X-Forwarded-For", address));
                asked[n]++;
                slowestMillis = Math.max(slowestMillis, reply.millis());
                String outcome = reply.status() + (reply.status() == 503 ? " " + code(reply.body()) : "");
                limited.merge(node.name() + " " + outcome, 1, Integer::sum);
                assertThat(outcome).as(node.name() + " answered " + reply.body()).isIn("200", "429",
                        "503 rate_limits_unavailable");
                if (reply.status() == 503) {
                    refused++;
                    noticed[n] = true;
                } else if (noticed[n]) {
                    // Closed means closed: after its first refusal a node admits nothing limited until Redis is
                    // back (which it is not, within this loop).
                    admittedAfterNoticed++;
                }
                if (i % 10 == 0 && transfersSent < TRANSFERS_PER_OUTAGE) {
                    transfersSent++;
                    transferOnA(keyPrefix + "-" + i);
                }
            }
            assertThat(noticed).as("both nodes closed during the outage").containsOnly(true);
            assertThat(admittedAfterNoticed).as("limited calls admitted after a node closed").isZero();
            for (ScenarioNode node : nodes) {
                assertThat(node.metric("pouw_rate_limit_store_state{state=\"fallback\"}"))
                        .as(node.name() + " shows its fallback in a live scrape during the outage").isEqualTo(1.0);
                assertThat(node.metric("pouw_rate_limit_store_lost_refusals_total{class=\"auth\"}"))
                        .as(node.name() + " counts its refusals in a live scrape").isPositive();
            }
        }

        /** A transfer on A during the outage: refused 503 with Retry-After, or (before A noticed) acked. */
        private void transferOnA(String key) {
            try {
                payerOnA.ledger().transfer(prover.did().toString(), 1, key);
                limited.merge("transfer 200", 1, Integer::sum);
            } catch (NodeException e) {
                // 503 once A closed; a 429 of the payer's own bucket (before A noticed) is a refusal too.
                assertThat(e.status() + " " + e.code()).as(e.getMessage()).isIn("503 rate_limits_unavailable",
                        "429 rate_limited");
                assertThat(e.retryAfter()).as("Retry-After of " + key).isPresent()
                        .hasValueSatisfying(after -> assertThat(after).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
                limited.merge("transfer " + e.status(), 1, Integer::sum);
                refusedTransfers.add(key);
            }
        }

        void finish(String fault) throws Exception {
            // Renewals go on across the return of Redis, then stop.
            sleep(RETRY_MS + 500);
            renewing.set(false);
            renewer.join();
            assertThat(renewals).as("every renewal of the held lease is served through " + fault)
                    .containsOnlyKeys(200);
            assertThat(refused).as("limited calls refused 503 during " + fault).isPositive();
            // A refused transfer promised nothing: it is not in the ledger; sent again with its key, it is applied
            // once (after the nodes are back on Redis, which the first try after redis_retry_ms finds).
            Map<String, Integer> before = PaymentLoad.ledgerKeys(payerOnA);
            for (String key : refusedTransfers) {
                assertThat(before).as("a refused transfer left no entry").doesNotContainKey(entryKey(key));
            }
            // Each is sent until acked; meanwhile a refusal is either the closed mode's (Redis not yet found again)
            // or a 429 of the payer's own bucket, which an empty Redis restarts with one refill's worth: both
            // promise nothing happened, so the key is simply sent again.
            java.util.Deque<String> pending = new java.util.ArrayDeque<>(refusedTransfers);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                while (!pending.isEmpty()) {
                    CallOutcome sent = CallOutcome.of(() -> payerOnA.ledger().transfer(prover.did().toString(), 1,
                            pending.peek()));
                    if (sent.kind() != CallOutcome.Kind.ACKED) {
                        assertThat(sent.code()).as(sent.toString()).isIn("rate_limits_unavailable", "rate_limited");
                        return false;
                    }
                    pending.pop();
                }
                return true;
            });
            Map<String, Integer> after = PaymentLoad.ledgerKeys(payerOnA);
            for (String key : refusedTransfers) {
                assertThat(after.get(entryKey(key))).as("transfer " + key + " applied once").isEqualTo(1);
            }
            System.out.printf("FAILOVER rate limits closed, %s: limited calls %s; %d refused 503 with Retry-After, "
                            + "none admitted after a node closed; lease renewals %s; %d refused transfers applied "
                            + "once when sent again; slowest answer %d ms%n", fault, new java.util.TreeMap<>(limited),
                    refused, renewals, refusedTransfers.size(), slowestMillis);
            assertThat(slowestMillis).as("no call stalls on Redis").isLessThan(SLOWEST_ANSWER_MS);
        }

        private String entryKey(String idempotencyKey) {
            return "transfer:" + payer.did() + ":" + idempotencyKey;
        }
    }

    private static String code(String body) {
        int at = body.indexOf("\"code\":\"");
        return at < 0 ? "?" : body.substring(at + 8, body.indexOf('"', at + 8));
    }

    private static PouwClient client(ScenarioNode node, Ed25519.KeyPair key) {
        return new PouwClient(URI.create(node.url()), key, Duration.ofSeconds(30), Clock.system());
    }

    private static String challengeBody() {
        return RateLimitProbes.challengeBody();
    }

    private static String nextClient() {
        return RateLimitProbes.nextClient();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
