package org.pouw.bench.pool;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.bench.LoadClientProcess;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.share.ShareHeader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The miners of {@link StratumLoadBenchmark}, in a JVM of their own so the pool's process does only the pool's work.
 * Each of {@code --connections} connections is a miner with its own did:key that subscribes, authorizes (signing its
 * extranonce1, docs/pool.md §3a) and takes its first job. Each round, every connection grinds its share of
 * {@code --shares} headers on that job beforehand (the pinned difficulty 2 takes about two double SHA-256 a share), then
 * on {@code GO} submits them with at most {@code --window} unanswered at a time, timing each from its write to its
 * answer. Speaks on standard output: {@code READY}, then after each round {@code DONE <accepted> <wall ns> <client CPU
 * ns> <p50 µs> <p99 µs> <attestations>}.
 */
public final class StratumLoadClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private StratumLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = StratumLoadBenchmark.option(args, "--port", 0);
        String pool = StratumLoadBenchmark.text(args, "--pool-name", "bench-pool");
        int connections = StratumLoadBenchmark.option(args, "--connections", 16);
        int shares = StratumLoadBenchmark.option(args, "--shares", 20_000);
        int rounds = StratumLoadBenchmark.option(args, "--rounds", 5);
        int window = StratumLoadBenchmark.option(args, "--window", 16);
        boolean attest = Arrays.asList(args).contains("--attest");
        List<Miner> miners = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            miners.add(new Miner(port, pool, attest));
        }
        BufferedReader commands = LoadClientProcess.commands();
        int perMiner = shares / connections;
        for (int round = 0; round < rounds; round++) {
            for (Miner miner : miners) {
                miner.grind(perMiner);
            }
            if (!LoadClientProcess.readyForGo(commands)) {
                return;
            }
            long cpuStart = LoadClientProcess.processCpuNanos();
            long start = System.nanoTime();
            CountDownLatch done = new CountDownLatch(miners.size());
            for (Miner miner : miners) {
                Thread.ofPlatform().start(() -> {
                    try {
                        miner.submitAll(window);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
            long wall = System.nanoTime() - start;
            long cpu = LoadClientProcess.processCpuNanos() - cpuStart;
            long[] latencies = miners.stream().flatMapToLong(m -> Arrays.stream(m.latencyNanos)).sorted().toArray();
            int accepted = miners.stream().mapToInt(m -> m.accepted.get()).sum();
            int attested = miners.stream().mapToInt(m -> m.attestations.get()).sum();
            LoadClientProcess.done(accepted, wall, cpu, latencies[latencies.length / 2] / 1_000,
                    latencies[(int) (latencies.length * 0.99)] / 1_000, attested);
        }
        for (Miner miner : miners) {
            miner.socket.close();
        }
    }

    /** One connection: one miner, its job, the shares ground for this round and their answers. */
    private static final class Miner {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private final String user;
        private final boolean attest;
        private String extranonce1;
        private JsonNode job;
        private long difficulty;
        private int nextExtranonce2;
        private int nextId = 1;
        private final List<String> lines = new ArrayList<>();
        private long[] latencyNanos = new long[0];
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger attestations = new AtomicInteger();

        Miner(int port, String pool, boolean attest) throws IOException {
            this.attest = attest;
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new BufferedOutputStream(socket.getOutputStream());
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            user = key.did().toString();
            if (attest) {
                call("mining.configure", JSON.createArrayNode().add(JSON.createArrayNode().add("pouw-attestation"))
                        .add(JSON.createObjectNode()));
            }
            extranonce1 = call("mining.subscribe", JSON.createArrayNode().add("pouw-bench/1")).path("result").path(1)
                    .asString();
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(
                    ("pouw-stratum-authorize-v1:" + pool + ":" + extranonce1 + ":" + user)
                            .getBytes(StandardCharsets.UTF_8)));
            JsonNode authorized = call("mining.authorize", JSON.createArrayNode().add(user).add(password));
            if (!authorized.path("result").asBoolean()) {
                throw new IllegalStateException("not authorized: " + authorized);
            }
            while (job == null) {
                note(JSON.readTree(in.readLine()));
            }
        }

        private JsonNode call(String method, ArrayNode params) throws IOException {
            int id = nextId++;
            ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
            request.set("params", params);
            out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonNode message = JSON.readTree(in.readLine());
                if (message.path("id").isIntegralNumber() && message.path("id").asInt() == id) {
                    return message;
                }
                note(message);
            }
        }

        private void note(JsonNode message) {
            switch (message.path("method").asString("")) {
                case "mining.set_difficulty" -> difficulty = message.path("params").path(0).asLong();
                case "mining.notify" -> job = message.path("params");
                case "mining.pouw_attestation" -> attestations.incrementAndGet();
                default -> {
                }
            }
        }

        /** This round's submit lines, each on a fresh extranonce2 and meeting the difficulty. */
        void grind(int count) {
            lines.clear();
            byte[] coinbasePrefix = HEX.parseHex(job.path(2).asString() + extranonce1);
            byte[] swapped = HEX.parseHex(job.path(1).asString());
            byte[] prev = new byte[32];
            for (int i = 0; i < 32; i++) {
                prev[i] = swapped[(i & ~3) + 3 - (i & 3)];
            }
            var target = ShareHeader.target(difficulty);
            for (int s = 0; s < count; s++) {
                int extranonce2 = nextExtranonce2++;
                byte[] coinbase = Arrays.copyOf(coinbasePrefix, coinbasePrefix.length + 4);
                ByteBuffer.wrap(coinbase, coinbasePrefix.length, 4).putInt(extranonce2);
                ByteBuffer header = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
                header.putInt(Integer.parseUnsignedInt(job.path(5).asString(), 16)).put(prev)
                        .put(ShareHeader.merkleRoot(coinbase, List.of()))
                        .putInt(Integer.parseUnsignedInt(job.path(7).asString(), 16))
                        .putInt(Integer.parseUnsignedInt(job.path(6).asString(), 16)).putInt(0);
                byte[] bytes = header.array();
                int nonce = 0;
                while (true) {
                    ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
                    if (ShareHeader.hashValue(ShareHeader.sha256d(bytes)).compareTo(target) <= 0) {
                        break;
                    }
                    nonce++;
                }
                lines.add("{\"id\":%d,\"method\":\"mining.submit\",\"params\":[\"%s\",\"%s\",\"%08x\",\"%s\",\"%08x\"]}\n"
                        .formatted(nextId++, user, job.path(0).asString(), extranonce2, job.path(7).asString(),
                                nonce));
            }
        }

        /** Writes this round's lines with at most {@code window} unanswered, reading answers on another thread. */
        void submitAll(int window) throws IOException {
            int count = lines.size();
            accepted.set(0);
            attestations.set(0);
            long[] sentAt = new long[count];
            latencyNanos = new long[count];
            int firstId = nextId - count;
            Semaphore inFlight = new Semaphore(window);
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    int answered = 0;
                    while (answered < count) {
                        JsonNode message = JSON.readTree(in.readLine());
                        if (message.path("id").isIntegralNumber()) {
                            int index = message.path("id").asInt() - firstId;
                            latencyNanos[index] = System.nanoTime() - sentAt[index];
                            if (message.path("result").asBoolean()) {
                                accepted.incrementAndGet();
                            }
                            answered++;
                            inFlight.release();
                        } else {
                            note(message);
                        }
                    }
                    if (attest) {
                        // Each accepted share's attestation follows its answer: read the last ones.
                        while (attestations.get() < accepted.get()) {
                            note(JSON.readTree(in.readLine()));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < count; i++) {
                inFlight.acquireUninterruptibly();
                sentAt[i] = System.nanoTime();
                out.write(lines.get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
