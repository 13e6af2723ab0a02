package org.pouw.bench.market;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.BatchSubmission;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.jobs.NodeJob;
import org.pouw.client.jobs.ProofOutcome;
import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;

/**
 * End-to-end load on the job market: a node in this JVM, worker clients over real HTTP on loopback, the whole
 * lifecycle per job (claim → prove → submit → verify → settle) with cheap {@code reexec} proofs. Prints completed
 * jobs/s, claim latency percentiles at a fixed claim rate, and heap after GC.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests -pl pouw-bench -am package
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.market.MarketLoad \
 *      --store sqlite --jobs 20000 --workers 16 --batch 32 --submit batch --claim-rate 1000 --rounds 3
 * java … MarketLoad --store postgresql …        (an embedded PostgreSQL server started by the benchmark)
 * java … MarketLoad --soak-seconds 600 …        (repeat drains for 10 minutes, printing heap after GC)
 * </pre>
 */
public final class MarketLoad {
    private static final String CHEAP_PROGRAM = "li r0 7\nhalt\n";
    private static final int JOBS_PER_INTENT = 100;

    private final Map<String, String> options;
    private PouwNode node;
    private EmbeddedPostgres postgres;
    private final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    private PlannedJob cheapJob;

    private MarketLoad(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("store", "sqlite", "jobs", "20000", "workers", "16",
                "batch", "32", "claim-rate", "1000", "claim-seconds", "10", "rounds", "3", "soak-seconds", "0"));
        options.put("claim-warmup-seconds", "5");
        options.put("submit", "batch");
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new MarketLoad(options).run();
        System.exit(0);
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        startNode();
        try {
            System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, store %s; %d workers, claim batch %d, %s"
                            + " submits%n", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    options.get("store"), option("workers"), option("batch"), options.get("submit"));
            if (option("soak-seconds") > 0) {
                soak();
                return;
            }
            List<Double> rates = new ArrayList<>();
            for (int round = 1; round <= option("rounds"); round++) {
                preload(option("jobs"));
                double rate = drain(option("jobs"));
                rates.add(rate);
                System.out.printf(Locale.ROOT, "round %d: %,d jobs completed at %,.0f jobs/s%n", round,
                        option("jobs"), rate);
            }
            Collections.sort(rates);
            System.out.printf(Locale.ROOT, "RESULT completed jobs/s (median of %d rounds): %,.0f%n", rates.size(),
                    rates.get(rates.size() / 2));
            claimLatency();
            System.out.printf(Locale.ROOT, "heap after GC: %d MiB%n", heapAfterGcMiB());
        } finally {
            node.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private void startNode() throws Exception {
        Path data = Files.createTempDirectory("pouw-bench");
        Map<String, String> settings = new HashMap<>(Map.of("data_dir", data.toString(), "http.port", "0",
                "pouw_mode", "remote", "genesis", client.did() + "=" + Long.MAX_VALUE / 4,
                "market.max_claim_batch", "1000", "storage.pool_size", "16"));
        if (options.get("store").equals("postgresql")) {
            // --pg-synchronous-commit off trades the last commits before a server crash for not waiting on the disk
            // at every commit; the default (on) is what a careful operator runs.
            postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200")
                    .setServerConfig("synchronous_commit", options.getOrDefault("pg-synchronous-commit", "on"))
                    .start();
            settings.put("storage.backend", "postgresql");
            settings.put("storage.url", postgres.getJdbcUrl("postgres", "postgres"));
            settings.put("storage.user", "postgres");
        }
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
        cheapJob = new ProgramExecution(node.storage().blobs()).execute(CHEAP_PROGRAM, new long[0], 10, Tier.MACRO, 16)
                .jobs().get(0);
    }

    /** Posts {@code jobs} cheap jobs straight through the market (setup, not measured). */
    private void preload(int jobs) {
        for (int made = 0; made < jobs; made += JOBS_PER_INTENT) {
            int count = Math.min(JOBS_PER_INTENT, jobs - made);
            node.market().open(new IntentDraft(Did.of(client.did().toString()), "", "[]", 10, Tier.MACRO, count * 10L,
                    "[]", 1,
                    cheapJob.traceHash(), cheapJob.traceRef(), Collections.nCopies(count, cheapJob)));
        }
    }

    /** Workers drain the queue over HTTP; returns completed jobs per second. */
    private double drain(int jobs) throws InterruptedException {
        AtomicLong completed = new AtomicLong();
        int workers = option("workers");
        CountDownLatch done = new CountDownLatch(workers);
        Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        ReexecKind prover = new ReexecKind();
        boolean batchSubmit = options.get("submit").equals("batch");
        long started = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            Thread.ofVirtual().start(() -> {
                try (PouwClient api = new PouwClient(URI.create(node.url()), Ed25519.KeyPair.generate(),
                        Duration.ofSeconds(30), Clock.system())) {
                    while (completed.get() < jobs) {
                        List<LeasedJob> claimed = api.jobs().claim(List.of(), List.of(), option("batch"), 60_000);
                        if (claimed.isEmpty()) {
                            break;
                        }
                        List<BatchSubmission> proofs = new ArrayList<>();
                        for (LeasedJob leased : claimed) {
                            NodeJob job = leased.job();
                            byte[] proof = prover.prove(job.toWorkItem(key -> blobs.computeIfAbsent(key,
                                    api.jobs()::blob)), ProgressListener.NONE, ChallengeChannel.NONE);
                            String token = leased.lease().token();
                            if (batchSubmit) {
                                proofs.add(new BatchSubmission(job.jobId(), token, proof));
                            } else if (api.jobs().submit(job.jobId(), token, proof).accepted()) {
                                completed.incrementAndGet();
                            }
                        }
                        if (!proofs.isEmpty()) {
                            completed.addAndGet(api.jobs().submitBatch(proofs).stream()
                                    .filter(ProofOutcome::accepted).count());
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (completed.get() != jobs) {
            throw new IllegalStateException("completed " + completed.get() + " of " + jobs);
        }
        return jobs / seconds;
    }

    /**
     * Single-job claims at a fixed rate (open loop, so a slow claim cannot hide by slowing the sender). A warm-up at
     * the same rate runs first and is not counted: the single-claim path is otherwise still being compiled by the JIT
     * for its first seconds, which is start-up, not the steady state the target is about.
     */
    private void claimLatency() throws InterruptedException {
        int rate = option("claim-rate");
        if (option("claim-warmup-seconds") > 0) {
            claimsAtRate(rate, rate * option("claim-warmup-seconds"));
        }
        long[] all = claimsAtRate(rate, rate * option("claim-seconds"));
        for (int second = 0; second * rate < all.length; second++) {
            long[] window = answered(Arrays.copyOfRange(all, second * rate,
                    Math.min(all.length, (second + 1) * rate)));
            System.out.printf(Locale.ROOT, "  second %d: p50 %.2f ms, p99 %.2f ms, %d refused%n", second + 1,
                    ms(window, 0.5), ms(window, 0.99), Math.min(rate, all.length - second * rate) - window.length);
        }
        long[] sorted = answered(all);
        System.out.printf(Locale.ROOT, "RESULT claim latency at %,d claims/s over %,d answered claims (after a %d s"
                        + " warm-up): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %,d refused as busy%n", rate,
                sorted.length, option("claim-warmup-seconds"), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, all.length - sorted.length);
    }

    /** The latencies of the claims that were answered, sorted. */
    private static long[] answered(long[] latencies) {
        return Arrays.stream(latencies).filter(latency -> latency != REFUSED).sorted().toArray();
    }

    /** Marks a claim the node turned away (backpressure) in the latency array. */
    private static final long REFUSED = -1;

    /**
     * Issues {@code total} single-job claims at {@code rate} per second and returns each one's latency, or
     * {@link #REFUSED}.
     */
    private long[] claimsAtRate(int rate, int total) throws InterruptedException {
        preload(total);
        long[] latencies = new long[total];
        AtomicLong issued = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        PouwClient api = new PouwClient(URI.create(node.url()), Ed25519.KeyPair.generate(), Duration.ofSeconds(30),
                Clock.system());
        api.auth().signIn();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        ticker.scheduleAtFixedRate(() -> {
            long index = issued.getAndIncrement();
            if (index >= total) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                long t0 = System.nanoTime();
                try {
                    api.jobs().claim(List.of(), List.of(), 1, 60_000);
                    latencies[(int) index] = System.nanoTime() - t0;
                } catch (RuntimeException refused) {
                    latencies[(int) index] = REFUSED; // e.g. 503 busy: backpressure, counted apart
                } finally {
                    done.countDown();
                }
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        done.await(5, TimeUnit.MINUTES);
        ticker.shutdownNow();
        api.close();
        return latencies;
    }

    private void soak() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(option("soak-seconds"));
        int round = 0;
        while (System.nanoTime() < end) {
            preload(option("jobs"));
            double rate = drain(option("jobs"));
            System.out.printf(Locale.ROOT, "soak round %d: %,.0f jobs/s, heap after GC %d MiB%n", ++round, rate,
                    heapAfterGcMiB());
        }
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    private static long heapAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
