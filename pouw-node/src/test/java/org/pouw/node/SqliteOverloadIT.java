package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 18 defect 7 over HTTP: 200 clients posting intents at once to a node on SQLite. Before, every request
 * queued for the one writer however long the queue (p99 ~340 ms, RSS 164 → 742 MB, no refusal ever). Now the
 * writer's line is bounded: past it callers get 503 {@code busy} with {@code Retry-After} at once, every other call
 * succeeds, nothing fails otherwise, and the refusals are counted in {@code pouw_busy_refusals_total}. With the rate
 * limits on as well, the two refusals stand side by side: a client past its own budget gets 429 naming the limit,
 * one past the writer's line 503 {@code busy}, and still nothing else.
 */
class SqliteOverloadIT {
    private static final int CLIENTS = 200;

    @TempDir
    Path dir;

    /** What the clients got back, by kind. */
    record Answers(int created, int busy, int rateLimited, Map<String, Integer> unexpected) {
    }

    @Test
    void two_hundred_clients_get_some_503_busy_with_retry_after_and_nothing_else_fails() throws Exception {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000000000",
                "intents.segment_steps", "10", "rate_limits.enabled", "false"), new SettableClock(1_000_000))) {
            String token = node.signIn(client);
            Answers answers = swarm(node, java.util.Collections.nCopies(CLIENTS, token), seen -> seen.busy() >= 20);

            assertThat(answers.unexpected()).as("answers other than 201 and 503 busy").isEmpty();
            assertThat(answers.rateLimited()).as("no limiter, no 429").isZero();
            assertThat(answers.busy()).as("callers past the writer's line refused as busy").isGreaterThanOrEqualTo(20);
            assertThat(answers.created()).as("the rest served").isPositive();
            assertThat(node.get("/readyz").status()).isEqualTo(200);
            assertThat(counter(node, "pouw_busy_refusals_total\\{store=\"sqlite\"}")).as("refusals counted")
                    .isGreaterThanOrEqualTo(answers.busy());
        }
    }

    /**
     * The limiter on, 200 identities behind one address, each allowed a burst of 5 intents: the swarm meets both the
     * per-identity limit (429 {@code intents.did} with Retry-After) and the writer's bound (503 {@code busy}), and
     * every answer is one of those or a 201.
     */
    @Test
    void with_the_rate_limits_on_the_swarm_gets_429_naming_the_limit_or_503_busy_and_nothing_else() throws Exception {
        List<Ed25519.KeyPair> clients = new ArrayList<>();
        StringBuilder genesis = new StringBuilder();
        for (int i = 0; i < CLIENTS; i++) {
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            clients.add(key);
            genesis.append(i == 0 ? "" : ",").append(key.did()).append("=1000000");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("genesis", genesis.toString());
        settings.put("intents.segment_steps", "10");
        // one address, so the address's own limits are set out of the way; each identity gets a burst of five
        settings.put("rate_limits.auth.address_per_minute", "100000");
        settings.put("rate_limits.auth.address_burst", "100000");
        settings.put("rate_limits.intents.address_per_minute", "1000000");
        settings.put("rate_limits.intents.address_burst", "1000000");
        settings.put("rate_limits.intents.did_per_minute", "60");
        settings.put("rate_limits.intents.did_burst", "5");
        try (RunningNode node = new RunningNode(dir, settings, new SettableClock(1_000_000))) {
            List<String> tokens = new ArrayList<>();
            for (Ed25519.KeyPair key : clients) {
                tokens.add(node.signIn(key));
            }
            Answers answers = swarm(node, tokens, seen -> seen.busy() >= 10 && seen.rateLimited() >= 10);

            assertThat(answers.unexpected()).as("answers other than 201, 429 intents.did and 503 busy").isEmpty();
            assertThat(answers.rateLimited()).as("identities past their burst").isGreaterThanOrEqualTo(10);
            assertThat(answers.busy()).as("callers past the writer's line").isGreaterThanOrEqualTo(10);
            assertThat(answers.created()).as("the rest served").isPositive();
            assertThat(node.get("/readyz").status()).isEqualTo(200);
            assertThat(counter(node, "pouw_busy_refusals_total\\{store=\"sqlite\"}")).isGreaterThanOrEqualTo(
                    answers.busy());
        }
    }

    /** Each token's client posts intents until {@code enough} holds of what all have seen, or 90 s pass. */
    private static Answers swarm(RunningNode node, List<String> tokens,
            java.util.function.Predicate<Answers> enough) throws Exception {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(10);
        body.put("max_steps", 1000).put("tier", "micro").put("fee", 30);
        String json = RunningNode.JSON.writeValueAsString(body);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger rateLimited = new AtomicInteger();
        Map<String, Integer> unexpected = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String token : tokens) {
                running.add(clients.submit(() -> {
                    while (!stop.get() && System.nanoTime() < deadline) {
                        RunningNode.Reply reply = node.post("/v1/intents", json, token);
                        boolean retryAfter = reply.headers().containsKey("retry-after");
                        if (reply.status() == 201) {
                            created.incrementAndGet();
                        } else if (reply.status() == 503 && reply.code().equals("busy") && retryAfter) {
                            busy.incrementAndGet();
                        } else if (reply.status() == 429 && reply.code().equals("rate_limited") && retryAfter
                                && reply.json().path("error").path("limit").asString().equals("intents.did")) {
                            rateLimited.incrementAndGet();
                        } else {
                            unexpected.merge(reply.status() + " " + reply.code(), 1, Integer::sum);
                        }
                        if (enough.test(new Answers(created.get(), busy.get(), rateLimited.get(), unexpected))) {
                            stop.set(true);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get(3, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        return new Answers(created.get(), busy.get(), rateLimited.get(), Map.copyOf(unexpected));
    }

    private static double counter(RunningNode node, String series) {
        String metrics = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        Matcher counted = Pattern.compile("(?m)^" + series + " ([0-9.]+)$").matcher(metrics);
        assertThat(counted.find()).as(series).isTrue();
        return Double.parseDouble(counted.group(1));
    }
}
