package org.pouw.bench.gate;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.pouw.bench.Sitting;
import org.pouw.bench.ThreadGroupCpu;
import org.pouw.bench.TimedRounds;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.gate.jcs.JcsValue;
import org.pouw.gate.jcs.StrictJsonParser;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.WorkReceipt;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;

/**
 * Work receipts redeemed for rewards end to end over HTTP (issue 21, Performance): a node in this JVM on a SQLite
 * file, {@code POST /v1/receipts} from {@code --threads} client threads, each receipt checked (strict parse, the
 * challenge's and the receipt's Ed25519 signatures, a 1-bit stamp so the figure is the gate's cost, not the
 * client's minting) and redeemed with its reward. Printed beside BouncyCastle's raw Ed25519 verification in the same
 * sitting. Receipts are made beforehand (challenges asked over HTTP, signed here); each round posts a fresh batch and
 * the figure is the median of the rounds, in receipts per wall second and per CPU-second of the process (the node
 * and its clients share it, and the CPU figure is the steadier one on a loaded machine). The process's CPU is also
 * split: the client's share (the posting threads and the JDK HTTP client's own threads, by name) and the rest, the
 * node's (its virtual threads run on the {@code ForkJoinPool} carriers), with the JIT and GC — so "per CPU-second of
 * the node" says what the node could serve on cores of its own, the client elsewhere — and the node's part again
 * into its Java threads and the JVM's compilers and collector (short rounds are dominated by the JIT).
 *
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.gate.ReceiptsOverHttpBenchmark [--rounds 5] [--batch 3000] [--threads 4]
 * </pre>
 */
public final class ReceiptsOverHttpBenchmark {
    private ReceiptsOverHttpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--rounds", "5", "--batch", "3000", "--threads", "4"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.get("--rounds"));
        int batch = Integer.parseInt(options.get("--batch"));
        int threads = Integer.parseInt(options.get("--threads"));
        Sitting.print(ReceiptsOverHttpBenchmark.class, args, "rounds " + rounds + ", batch " + batch + ", threads "
                + threads);

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
                long cpuStart = processCpuNanos();
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
                long cpuNanos = processCpuNanos() - cpuStart;
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
     * CPU time of the whole process, node and client threads together: on a machine shared with other work the wall
     * rate says how much CPU this process got, this says what a receipt costs.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<String> receipts(PouwClient http, Ed25519.KeyPair client, String network, int count) {
        List<String> out = new ArrayList<>(count);
        SplittableRandom random = new SplittableRandom();
        for (int i = 0; i < count; i++) {
            String answer = http.gate().challenge(client.did().toString(), "hashcash", 0, null);
            JcsValue.Obj challenge = (JcsValue.Obj) StrictJsonParser.ascii(4096)
                    .parse(answer.getBytes(StandardCharsets.US_ASCII));
            String stamp = HashcashMinter.mint(challenge.text("resource"), (int) challenge.integer("difficulty"),
                    "261206", random);
            out.add(ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(challenge, stamp,
                    "bench-nonce-" + String.format(Locale.ROOT, "%08d", i), System.currentTimeMillis()), client,
                    challenge.text("id"), network)));
        }
        return out;
    }
}
