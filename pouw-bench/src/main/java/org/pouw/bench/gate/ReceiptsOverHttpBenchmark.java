package org.pouw.bench.gate;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.pouw.bench.LoadClientProcess;
import org.pouw.bench.Sitting;
import org.pouw.bench.ThreadGroupCpu;
import org.pouw.bench.TimedRounds;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import org.pouw.store.sqlite.SqliteStorage;

/**
 * Work receipts redeemed for rewards end to end over HTTP (issue 21, Performance): a node in this JVM on a SQLite
 * file, {@code POST /v1/receipts} from {@code --threads} client connections, each receipt checked (strict parse, the
 * challenge's and the receipt's Ed25519 signatures, a 1-bit stamp so the figure is the gate's cost, not the
 * client's minting) and redeemed with its reward. Printed beside BouncyCastle's raw Ed25519 verification in the same
 * sitting. Receipts are made beforehand (challenges asked over HTTP, signed by the client); each round posts a fresh
 * batch and the figures are the medians of the rounds, after {@code --warmup} rounds (one; the inline client always
 * one) left out while the JIT compiles.
 *
 * <p>{@code --client process} (the default): the client is {@link ReceiptLoadClient} in a JVM of its own, started
 * here, so this process is the node alone: its CPU per receipt is the node's (its Java threads, and the JIT and GC),
 * and "per CPU-second of the node" says what the node serves per core with the client elsewhere.
 * {@code --client inline}: the earlier measurement, the client's threads and the JDK HTTP client in this JVM, the
 * process's CPU split between them by thread name.
 *
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.gate.ReceiptsOverHttpBenchmark [--rounds 5] [--batch 3000] [--threads 4] \
 *       [--client process|inline] [--client-heap 256m] [--warmup 1]
 * </pre>
 */
public final class ReceiptsOverHttpBenchmark {
    private ReceiptsOverHttpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--rounds", "5", "--batch", "3000", "--threads", "4",
                "--client", "process", "--client-heap", "256m", "--warmup", "1"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.get("--rounds"));
        int batch = Integer.parseInt(options.get("--batch"));
        int threads = Integer.parseInt(options.get("--threads"));
        String clientMode = options.get("--client");
        int warmup = Integer.parseInt(options.get("--warmup"));
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        }
        if (!clientMode.equals("process") && !clientMode.equals("inline")) {
            throw new IllegalArgumentException("--client must be process or inline, got " + clientMode);
        }
        Sitting.print(ReceiptsOverHttpBenchmark.class, args, "rounds " + rounds + ", batch " + batch + ", threads "
                + threads + ", client " + clientMode + ", warm-up rounds " + warmup);

        Ed25519.KeyPair raw = Ed25519.KeyPair.generate();
        byte[] message = new byte[250];
        byte[] signature = raw.sign(message);
        TimedRounds.Rate verify = TimedRounds.median(5, 500, () -> Ed25519.verify(raw.publicKey(), message,
                signature));
        System.out.printf(Locale.ROOT, "Ed25519 verify (BouncyCastle, one thread): %.0f /s wall, %.0f per CPU-second%n",
                verify.perWallSecond(), verify.perCpuSecond());

        Path dir = Files.createTempDirectory("pouw-receipts-bench");
        Map<String, String> settings = new HashMap<>();
        settings.put("data_dir", dir.toString());
        settings.put("http.port", "0");
        settings.put("pouw_mode", "remote");
        // The edge's rate limits would refuse one client's thousands of calls a second; the gate is measured here.
        settings.put("rate_limits.enabled", "false");
        settings.put("gate.hashcash_bits", "1");
        settings.put("gate.max_hashcash_bits", "1");
        settings.put("gate.challenges_per_second", "1000000");
        settings.put("gate.source_free_per_minute", "1000000");
        settings.put("gate.challenge_ttl_ms", "3600000");
        settings.put("receipts.hashcash.amount", "1");
        settings.put("receipts.hashcash.emission_cap", "1000000000");
        settings.put("receipts.pool_fund", "1000000000");
        try (PouwNode node = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system())) {
            String network = node.config().gate().networkId();
            System.out.println("durability: " + (node.storage() instanceof SqliteStorage sqlite ? "SQLite "
                    + sqlite.durability() : node.storage().backend()) + " (every paid receipt is answered after its "
                    + "transaction committed)");
            if (clientMode.equals("process")) {
                clientInItsOwnProcess(node, network, rounds, warmup, batch, threads, options.get("--client-heap"));
                return;
            }
            Ed25519.KeyPair client = Ed25519.KeyPair.generate();
            PouwClient http = new PouwClient(URI.create(node.url()), client, Duration.ofSeconds(60), Clock.system());
            double[] rates = new double[rounds];
            double[] perCpu = new double[rounds];
            double[] perNodeCpu = new double[rounds];
            double[] clientMicros = new double[rounds];
            AtomicInteger clientThreads = new AtomicInteger();
            Predicate<String> clientThreadNames = name -> name.startsWith("receipt-client-")
                    || name.startsWith("HttpClient-");
            ThreadGroupCpu clientCpu = new ThreadGroupCpu(clientThreadNames);
            // The node's own Java threads: the virtual threads' carriers, its timers and sweepers. What neither group
            // used is the JVM's: the JIT compilers and the collector (their threads are not Java threads).
            ThreadGroupCpu nodeThreadsCpu = new ThreadGroupCpu(clientThreadNames.negate());
            double[] nodeThreadMicros = new double[rounds];
            double[] jvmMicros = new double[rounds];
            for (int round = -1; round < rounds; round++) {
                List<String> receipts = receipts(http, client, network, batch);
                AtomicInteger next = new AtomicInteger();
                AtomicInteger paid = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(threads, task -> Thread.ofPlatform()
                        .name("receipt-client-" + clientThreads.incrementAndGet()).unstarted(task));
                clientCpu.begin();
                nodeThreadsCpu.begin();
                long cpuStart = LoadClientProcess.processCpuNanos();
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < receipts.size(); ) {
                            if (http.gate().submitReceipt(receipts.get(i)).path("status").asString().equals("paid")) {
                                paid.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                long nanos = System.nanoTime() - start;
                long cpuNanos = LoadClientProcess.processCpuNanos() - cpuStart;
                long clientNanos = clientCpu.nanosSinceBegin();
                long nodeThreadNanos = nodeThreadsCpu.nanosSinceBegin();
                pool.shutdown();
                if (paid.get() != batch) {
                    throw new IllegalStateException("paid " + paid.get() + " of " + batch + " receipts");
                }
                if (round >= 0) {
                    rates[round] = batch * 1e9 / nanos;
                    perCpu[round] = batch * 1e9 / cpuNanos;
                    perNodeCpu[round] = batch * 1e9 / Math.max(1, cpuNanos - clientNanos);
                    clientMicros[round] = clientNanos / 1e3 / batch;
                    nodeThreadMicros[round] = nodeThreadNanos / 1e3 / batch;
                    jvmMicros[round] = Math.max(0, cpuNanos - clientNanos - nodeThreadNanos) / 1e3 / batch;
                    System.out.printf(Locale.ROOT, "round %d: %.0f receipts/s, %.0f per CPU-second of the process, "
                            + "%.0f per CPU-second of the node; us of CPU a receipt: client %.0f, node threads %.0f, "
                            + "JIT and GC %.0f (load %.1f)%n", round + 1, rates[round], perCpu[round],
                            perNodeCpu[round], clientMicros[round], nodeThreadMicros[round], jvmMicros[round],
                            Sitting.load());
                }
            }
            Arrays.sort(rates);
            Arrays.sort(perCpu);
            Arrays.sort(perNodeCpu);
            Arrays.sort(clientMicros);
            Arrays.sort(nodeThreadMicros);
            Arrays.sort(jvmMicros);
            System.out.printf(Locale.ROOT, "receipts redeemed for rewards over HTTP on SQLite: median %.0f /s "
                    + "(%d threads), %.0f per CPU-second of the process (node and clients together), %.0f per "
                    + "CPU-second of the node; us of CPU a receipt (medians): client %.0f, node threads %.0f, JIT and "
                    + "GC %.0f%n", rates[rounds / 2], threads, perCpu[rounds / 2], perNodeCpu[rounds / 2],
                    clientMicros[rounds / 2], nodeThreadMicros[rounds / 2], jvmMicros[rounds / 2]);
        }
    }

    /**
     * The rounds with {@link ReceiptLoadClient} in a JVM of its own: this process is the node alone, so its CPU per
     * receipt is the node's, JIT and GC included, and the client's is its own process's, as it reports.
     */
    private static void clientInItsOwnProcess(PouwNode node, String network, int rounds, int warmup, int batch,
            int threads, String heap) throws Exception {
        List<String> clientArgs = List.of("--url", node.url(), "--network", network, "--batch",
                Integer.toString(batch), "--threads", Integer.toString(threads), "--rounds",
                Integer.toString(rounds + warmup));
        try (LoadClientProcess client = LoadClientProcess.start(ReceiptLoadClient.class, heap, clientArgs)) {
            ThreadGroupCpu nodeThreadsCpu = new ThreadGroupCpu(name -> true);
            double[] rates = new double[rounds];
            double[] nodeMicros = new double[rounds];
            double[] nodeThreadMicros = new double[rounds];
            double[] clientMicros = new double[rounds];
            double[] kernelMicros = new double[rounds];
            for (int round = -warmup; round < rounds; round++) {
                client.awaitReady();
                nodeThreadsCpu.begin();
                long cpuStart = LoadClientProcess.processCpuNanos();
                long kernelStart = kernelTicks();
                String[] done = client.go();
                long nodeNanos = LoadClientProcess.processCpuNanos() - cpuStart;
                long kernelNanos = (kernelTicks() - kernelStart) * NANOS_PER_TICK;
                long nodeThreadNanos = nodeThreadsCpu.nanosSinceBegin();
                int paid = Integer.parseInt(done[1]);
                if (paid != batch) {
                    throw new IllegalStateException("paid " + paid + " of " + batch + " receipts");
                }
                if (round >= 0) {
                    rates[round] = batch * 1e9 / Long.parseLong(done[2]);
                    nodeMicros[round] = nodeNanos / 1e3 / batch;
                    nodeThreadMicros[round] = nodeThreadNanos / 1e3 / batch;
                    clientMicros[round] = Long.parseLong(done[3]) / 1e3 / batch;
                    kernelMicros[round] = kernelNanos / 1e3 / batch;
                    System.out.printf(Locale.ROOT, "round %d: %.0f receipts/s; us of CPU a receipt: node %.0f (its "
                            + "threads %.0f, JIT and GC %.0f; in the kernel %.0f), so %.0f per CPU-second of the "
                            + "node; client process %.0f (load %.1f)%n", round + 1, rates[round], nodeMicros[round],
                            nodeThreadMicros[round], nodeMicros[round] - nodeThreadMicros[round], kernelMicros[round],
                            1e6 / nodeMicros[round], clientMicros[round], Sitting.load());
                }
            }
            Arrays.sort(rates);
            Arrays.sort(nodeMicros);
            Arrays.sort(nodeThreadMicros);
            Arrays.sort(clientMicros);
            Arrays.sort(kernelMicros);
            double nodeMedian = nodeMicros[rounds / 2];
            System.out.printf(Locale.ROOT, "receipts redeemed for rewards over HTTP on SQLite, the client in its own "
                    + "process (%d connections): median %.0f /s; us of CPU a receipt (medians): node %.0f (its "
                    + "threads %.0f; in the kernel %.0f), so %.0f per CPU-second of the node; client process %.0f%n",
                    threads, rates[rounds / 2], nodeMedian, nodeThreadMicros[rounds / 2], kernelMicros[rounds / 2],
                    1e6 / nodeMedian, clientMicros[rounds / 2]);
        }
    }

    /** Linux's clock tick, the unit of {@code /proc/self/stat}'s CPU times (USER_HZ, 100 on every common build). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /**
     * This process's CPU time in the kernel so far, in ticks ({@code stime} of {@code /proc/self/stat}); 0 where
     * there is none. For a node on loopback this is mostly the sockets' TCP, sender and receiver side alike.
     */
    private static long kernelTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static List<String> receipts(PouwClient http, Ed25519.KeyPair client, String network, int count) {
        return ReceiptLoadClient.receipts(http, client, network, count, 0);
    }
}
