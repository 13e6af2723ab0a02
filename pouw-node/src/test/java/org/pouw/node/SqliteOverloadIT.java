package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * succeeds, nothing fails otherwise, and the refusals are counted in {@code pouw_busy_refusals_total}.
 */
class SqliteOverloadIT {
    private static final int CLIENTS = 200;

    @TempDir
    Path dir;

    @Test
    void two_hundred_clients_get_some_503_busy_with_retry_after_and_nothing_else_fails() throws Exception {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000000000",
                "intents.segment_steps", "10", "rate_limits.enabled", "false"), new SettableClock(1_000_000))) {
            String token = node.signIn(client);
            ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
            body.putArray("inputs").add(10);
            body.put("max_steps", 1000).put("tier", "micro").put("fee", 30);
            String json = RunningNode.JSON.writeValueAsString(body);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger created = new AtomicInteger();
            AtomicInteger busy = new AtomicInteger();
            Map<String, Integer> unexpected = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            try {
                List<Future<?>> running = new java.util.ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    running.add(clients.submit(() -> {
                        // Each client posts until the test has seen enough refusals, or 90 s have passed.
                        while (!stop.get() && System.nanoTime() < deadline) {
                            RunningNode.Reply reply = node.post("/v1/intents", json, token);
                            if (reply.status() == 201) {
                                created.incrementAndGet();
                            } else if (reply.status() == 503 && reply.code().equals("busy")
                                    && reply.headers().containsKey("retry-after")) {
                                if (busy.incrementAndGet() >= 20) {
                                    stop.set(true);
                                }
                            } else {
                                unexpected.merge(reply.status() + " " + reply.code(), 1, Integer::sum);
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

            assertThat(unexpected).as("answers other than 201 and 503 busy").isEmpty();
            assertThat(busy.get()).as("callers past the writer's line refused as busy").isGreaterThanOrEqualTo(20);
            assertThat(created.get()).as("the rest served").isPositive();
            assertThat(node.get("/readyz").status()).isEqualTo(200);
            String metrics = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
            Matcher counted = Pattern.compile("(?m)^pouw_busy_refusals_total\\{store=\"sqlite\"} ([0-9.]+)$")
                    .matcher(metrics);
            assertThat(counted.find()).isTrue();
            assertThat(Double.parseDouble(counted.group(1))).as("refusals counted").isGreaterThanOrEqualTo(busy.get());
        }
    }
}
