package org.pouw.bench.gate;

import java.io.BufferedReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.bench.LoadClientProcess;
import org.pouw.client.KeptAliveConnection;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.WorkReceipt;

/**
 * The load generator of {@link ReceiptsOverHttpBenchmark} in a process of its own, so the node's CPU is the node's
 * alone. Per round it asks the node for {@code --batch} challenges and signs a receipt for each (untimed), says
 * {@code READY} on standard output, waits for {@code GO} on standard input, then posts every receipt over
 * {@code --threads} keep-alive HTTP/1.1 connections and says {@code DONE <paid> <wall ns> <own CPU ns>}.
 *
 * <p>The posting goes through pouw-client's {@link KeptAliveConnection}: a request is one socket write and an answer
 * is read by its {@code Content-Length}, counted paid only if it is {@code 200} with {@code "status":"paid"} — what a
 * {@code wrk}-like generator does, so the client needs little of the CPU the node and it share (the JDK's HTTP
 * client spent about as much per call as the node).
 */
public final class ReceiptLoadClient {

    private ReceiptLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--url", "", "--network", "", "--batch", "3000",
                "--threads", "4", "--rounds", "1"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        URI url = URI.create(options.get("--url"));
        String network = options.get("--network");
        int batch = Integer.parseInt(options.get("--batch"));
        int threads = Integer.parseInt(options.get("--threads"));
        int rounds = Integer.parseInt(options.get("--rounds"));
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        PouwClient http = new PouwClient(url, client, Duration.ofSeconds(60), Clock.system());
        BufferedReader commands = LoadClientProcess.commands();
        for (int round = 0; round < rounds; round++) {
            List<String> receipts = receipts(http, client, network, batch, round);
            if (!LoadClientProcess.readyForGo(commands)) {
                return;
            }
            long cpuStart = LoadClientProcess.processCpuNanos();
            long start = System.nanoTime();
            int paid = post(url, receipts, threads);
            long nanos = System.nanoTime() - start;
            long cpu = LoadClientProcess.processCpuNanos() - cpuStart;
            LoadClientProcess.done(paid, nanos, cpu);
        }
    }

    /** Posts every request over {@code threads} connections; returns how many were paid. */
    private static int post(URI url, List<String> receipts, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger paid = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (KeptAliveConnection connection = new KeptAliveConnection(url)) {
                        for (int i; (i = next.getAndIncrement()) < receipts.size(); ) {
                            KeptAliveConnection.Answer answer = connection.send(
                                    connection.request("/v1/receipts", receipts.get(i)));
                            if (answer.status() == 200 && answer.bodyContains("\"status\":\"paid\"")) {
                                paid.incrementAndGet();
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
        return paid.get();
    }

    /** Receipts for fresh challenges asked over HTTP, each signed by {@code client}; a 1-bit stamp each. */
    public static List<String> receipts(PouwClient http, Ed25519.KeyPair client, String network, int count, int round) {
        List<String> out = new ArrayList<>(count);
        SplittableRandom random = new SplittableRandom();
        for (int i = 0; i < count; i++) {
            String answer = http.gate().challenge(client.did().toString(), "hashcash", 0, null);
            JcsValue.Obj challenge = (JcsValue.Obj) StrictJsonParser.ascii(4096)
                    .parse(answer.getBytes(StandardCharsets.US_ASCII));
            String stamp = HashcashMinter.mint(challenge.text("resource"), (int) challenge.integer("difficulty"),
                    "261206", random);
            out.add(ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(challenge, stamp,
                    String.format(Locale.ROOT, "bench-nonce-%04d-%08d", round, i), System.currentTimeMillis()),
                    client, challenge.text("id"), network)));
        }
        return out;
    }
}
