package org.pouw.bench.pool;

import java.io.BufferedReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.bench.LoadClientProcess;
import org.pouw.client.KeptAliveConnection;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.JacksonJcs;
import org.pouw.pool.share.ShareHeader;
import org.pouw.pool.share.ShareValidator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load of {@link HttpShareLoadBenchmark}, in a JVM of its own: miners (private key and the node's share challenge
 * for it, one a line of {@code --miners-file}) whose shares are built, ground to difficulty 2 and signed before each
 * round, then posted as {@code POST /pool/share} over {@code --connections} kept-alive HTTP/1.1 connections, one
 * request at a time each. Speaks {@link LoadClientProcess}'s words: {@code DONE <accepted> <wall ns> <client CPU ns>
 * <p50 us> <p99 us>}, latency from a request's write to its answer.
 */
public final class HttpShareLoadClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private HttpShareLoadClient() {
    }

    /** A miner with the node's share challenge for it. */
    record Miner(Ed25519.KeyPair key, ObjectNode challenge, byte[] prevHash) {
        Miner(Ed25519.KeyPair key, ObjectNode challenge) {
            this(key, challenge, ShareHeader.sha256d(JacksonJcs.bytes(challenge)));
        }
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(StratumLoadBenchmark.text(args, "--url", null));
        Path file = Path.of(StratumLoadBenchmark.text(args, "--miners-file", null));
        int connections = StratumLoadBenchmark.option(args, "--connections", 16);
        int shares = StratumLoadBenchmark.option(args, "--shares", 20_000);
        int rounds = StratumLoadBenchmark.option(args, "--rounds", 5);
        List<Miner> miners = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ", 2);
            ObjectNode challenge = (ObjectNode) JSON.readTree(parts[1]);
            miners.add(new Miner(Ed25519.KeyPair.fromPrivateKey(HEX.parseHex(parts[0])), challenge));
        }
        BufferedReader commands = LoadClientProcess.commands();
        for (int round = 0; round < rounds; round++) {
            List<String> bodies = new ArrayList<>(shares);
            for (int i = 0; i < shares; i++) {
                bodies.add(share(miners.get(i % miners.size()), round + ":" + i));
            }
            if (!LoadClientProcess.readyForGo(commands)) {
                return;
            }
            long cpuStart = LoadClientProcess.processCpuNanos();
            long start = System.nanoTime();
            long[] latencies = new long[shares];
            int accepted = post(url, bodies, connections, latencies);
            long wall = System.nanoTime() - start;
            long cpu = LoadClientProcess.processCpuNanos() - cpuStart;
            Arrays.sort(latencies);
            LoadClientProcess.done(accepted, wall, cpu, latencies[shares / 2] / 1_000,
                    latencies[(int) (shares * 0.99)] / 1_000);
        }
    }

    private static int post(URI url, List<String> bodies, int connections, long[] latencies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(connections)) {
            for (int t = 0; t < connections; t++) {
                done.add(threads.submit(() -> {
                    try (KeptAliveConnection connection = new KeptAliveConnection(url)) {
                        for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
                            long sent = System.nanoTime();
                            KeptAliveConnection.Answer answer = connection.send(connection.request("/pool/share",
                                    bodies.get(i)));
                            latencies[i] = System.nanoTime() - sent;
                            if (answer.status() == 200 && answer.bodyContains("\"valid\":true")) {
                                accepted.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return accepted.get();
    }

    /** The header of a share on {@code prevHash} with {@code coinbase}, its nonce ground to difficulty 2. */
    static byte[] groundHeader(byte[] prevHash, byte[] coinbase, int ntime) {
        ByteBuffer header = ByteBuffer.allocate(ShareHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x20000000).put(prevHash).put(ShareHeader.merkleRoot(coinbase, List.of())).putInt(ntime)
                .putInt(ShareHeader.NBITS).putInt(0);
        byte[] bytes = header.array();
        for (int nonce = 0; ; nonce++) {
            ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
            if (ShareHeader.hashValue(ShareHeader.sha256d(bytes)).compareTo(ShareHeader.target(2)) <= 0) {
                return bytes;
            }
        }
    }

    /** One share of difficulty 2 on the miner's challenge, its coinbase ending in {@code tag}, signed by the miner. */
    static String share(Miner miner, String tag) {
        String did = miner.key().did().toString();
        byte[] coinbase = (ShareHeader.COINBASE_PREFIX + did + ":" + tag).getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = groundHeader(miner.prevHash(), coinbase, (int) (System.currentTimeMillis() / 1000));
        ObjectNode share = JSON.createObjectNode();
        share.set("challenge", miner.challenge());
        share.put("challenge_id", miner.challenge().get("id").asString()).put("miner_address", did)
                .put("nonce", HEX.formatHex(bytes, 76, 80)).put("solution", HEX.formatHex(bytes))
                .put("coinbase", HEX.formatHex(coinbase)).put("difficulty", 2)
                .put("timestamp", System.currentTimeMillis());
        share.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(miner.key().sign(
                ShareValidator.preimage(share))));
        return JSON.writeValueAsString(share);
    }
}
