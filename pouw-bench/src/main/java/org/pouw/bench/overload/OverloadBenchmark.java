package org.pouw.bench.overload;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;

/**
 * Overload, end to end (issue 18 defect 7): N concurrent clients against a real node, each a loop of calls over its
 * own HTTP connection as fast as the node answers, half of them writes (posting an intent: one write transaction of
 * seven jobs) and half reads (the status page). The node runs in a JVM of its own with the launcher's heap bound,
 * so its resident memory can be read apart from the load generator's. Prints latency percentiles of every call
 * and of the served ones, answers by status (refusals: 503 busy, 503 unavailable, 429), throughput, and the node's
 * RSS before, at peak and after.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests -pl pouw-bench -am package
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.overload.OverloadBenchmark \
 *      --store sqlite --clients 200 --seconds 20
 * java … OverloadBenchmark --store postgresql …      (an embedded PostgreSQL server started by the benchmark)
 * options: --heap 1g (the node's -Xmx, the launcher's default), --write-share 50 (percent of calls that write),
 *          --warmup-seconds 10 (eight clients first, unmeasured, so the node's code is compiled),
 *          --rate-limits false (every client is one address and one did here, so the node's rate limits would
 *          answer most calls 429 before the store is reached; true measures them together)
 * </pre>
 */
public final class OverloadBenchmark {

    private final Map<String, String> options;
    /** Latencies by answer ("write 503 busy"), for percentiles of the served calls apart from the refused. */
    private final Map<String, List<Long>> byOutcome = new ConcurrentHashMap<>();
    private final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    private PouwClient api;

    private OverloadBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("store", "sqlite", "clients", "200", "seconds", "20",
                "heap", "1g", "write-share", "50", "warmup-seconds", "10", "rate-limits", "false"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new OverloadBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        EmbeddedPostgres postgres = null;
        Path dataDir = Files.createTempDirectory("pouw-overload");
        // On PostgreSQL the node takes the shared token secret as given, never makes its own.
        org.pouw.node.auth.Tokens.loadOrCreateSecret(dataDir.resolve("token.secret"));
        List<String> settings = new ArrayList<>(List.of("data_dir=" + dataDir,
                "http.port=0", "pouw_mode=remote", "intents.segment_steps=10", "gate.enabled=false",
                "genesis=" + client.did() + "=" + Long.MAX_VALUE / 4,
                "rate_limits.enabled=" + Boolean.parseBoolean(options.get("rate-limits"))));
        if (options.get("store").equals("postgresql")) {
            postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
            settings.addAll(List.of("storage.backend=postgresql", "storage.user=postgres",
                    "storage.url=" + postgres.getJdbcUrl("postgres", "postgres")));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + options.get("heap"), "-cp", System.getProperty("java.class.path"),
                OverloadedNode.class.getName()));
        command.addAll(settings);
        Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
                System.out.println("node: " + line);
            }
            if (line == null) {
                throw new IllegalStateException("the node exited before it listened");
            }
            // One client for all: pouw-client's connection opens an HTTP/1.1 connection per call in flight (so up
            // to one per simulated client) and shares one selector thread, where a client each would cost the
            // generator 200 threads on the same cores as the node.
            api = new PouwClient(URI.create("http://127.0.0.1:" + line.substring("PORT ".length()).strip()), client,
                    Duration.ofSeconds(60), Clock.system());
            load(node.pid());
        } finally {
            node.getOutputStream().close();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private void load(long nodePid) throws Exception {
        int clients = Integer.parseInt(options.get("clients"));
        int seconds = Integer.parseInt(options.get("seconds"));
        int writeShare = Integer.parseInt(options.get("write-share"));
        api.system().status(); // signs in once, before anything is timed
        warmUp(Integer.parseInt(options.get("warmup-seconds")));
        long rssBefore = rssKib(nodePid);
        AtomicLong rssPeak = new AtomicLong(rssBefore);
        Map<String, LongAdder> answers = new TreeMap<>();
        Map<String, LongAdder> answersSync = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<?> sampler = pool.submit(() -> {
                while (System.nanoTime() < end) {
                    rssPeak.accumulateAndGet(rssKib(nodePid), Math::max);
                    Thread.sleep(250);
                }
                return null;
            });
            List<Future<long[]>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                // One HTTP/1.1 client for all: it opens a connection per call in flight (so up to one per client)
                // and shares one selector thread, where a client each would cost the generator 200 threads.
                running.add(pool.submit(() -> clientLoop(writeShare, end, answersSync)));
            }
            for (Future<long[]> each : running) {
                latencies.add(each.get());
            }
            sampler.get();
        } finally {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long rssAfter = rssKib(nodePid);
        answers.putAll(answersSync);
        int total = 0;
        for (long[] each : latencies) {
            total += (int) each[0];
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] each : latencies) {
            System.arraycopy(each, 1, all, at, (int) each[0]);
            at += (int) each[0];
        }
        java.util.Arrays.sort(all);
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.1f at the end, JDK %s; store %s, node -Xmx%s,"
                        + " rate limits %s; %d clients for %d s, %d%% writes%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.version(), options.get("store"), options.get("heap"),
                Boolean.parseBoolean(options.get("rate-limits")) ? "on" : "off", clients, seconds, writeShare);
        System.out.printf(Locale.ROOT, "calls: %,d (%,.0f/s)%n", total, total / elapsed);
        System.out.printf(Locale.ROOT, "latency of every call: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(all, 50), percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        answers.forEach((status, count) -> {
            long[] sorted = byOutcome.getOrDefault(status, List.of()).stream().mapToLong(Long::longValue).sorted()
                    .toArray();
            System.out.printf(Locale.ROOT, "  %-24s %,7d   p50 %8.1f ms   p99 %8.1f ms%n", status, count.sum(),
                    percentile(sorted, 50), percentile(sorted, 99));
        });
        System.out.printf(Locale.ROOT, "node RSS: %,d MiB before, %,d MiB at peak, %,d MiB after%n",
                rssBefore / 1024, rssPeak.get() / 1024, rssAfter / 1024);
    }

    /** One client: returns {count, latency ns…} of its calls. */
    private long[] clientLoop(int writeShare, long end, Map<String, LongAdder> answers) {
        ProgramIntent intent = new ProgramIntent(Samples.source("fibonacci"), List.of("10"), 1000, "micro", 30);
        long[] latencies = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() < end) {
            boolean write = ThreadLocalRandom.current().nextInt(100) < writeShare;
            long sent = System.nanoTime();
            String outcome;
            try {
                if (write) {
                    api.intents().submit(intent);
                    outcome = "201";
                } else {
                    api.system().status();
                    outcome = "200";
                }
            } catch (NodeException e) {
                outcome = e.status() == NodeException.UNREACHABLE ? "no answer" : e.status() + " " + e.code();
            }
            long took = System.nanoTime() - sent;
            if (count + 1 >= latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[++count] = took;
            answers.computeIfAbsent((write ? "write " : "read  ") + outcome, key -> new LongAdder()).increment();
            byOutcome.computeIfAbsent((write ? "write " : "read  ") + outcome,
                    key -> java.util.Collections.synchronizedList(new ArrayList<>())).add(took);
        }
        latencies[0] = count;
        return java.util.Arrays.copyOf(latencies, count + 1);
    }

    /** Calls from a few clients first, unmeasured, so the node's code is compiled before the load is timed. */
    private void warmUp(int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<long[]>> running = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                running.add(pool.submit(() -> clientLoop(50, end, new ConcurrentHashMap<>())));
            }
            for (Future<long[]> each : running) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byOutcome.clear();
    }

    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)] / 1e6;
    }

    /** The node's resident memory, from the kernel's status of its process (Linux); 0 elsewhere. */
    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
