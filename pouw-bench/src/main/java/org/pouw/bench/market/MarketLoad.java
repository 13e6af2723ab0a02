package org.pouw.bench.market;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.node.PouwNode;
import org.pouw.node.claims.ClaimCoalescer;
import org.pouw.node.claims.ClaimPhases;
import org.pouw.node.config.ConfigLoader;
import org.pouw.store.PostgresServerReport;
import org.pouw.store.PostgresTableSizes;

/**
 * End-to-end load on the job market: a node in this JVM, worker clients over real HTTP on loopback, the whole
 * lifecycle per job (claim → prove → submit → verify → settle) with cheap {@code reexec} proofs. Prints completed
 * jobs/s, claim latency percentiles at a fixed claim rate, and heap after GC. On PostgreSQL every run first prints
 * the server's version and durability settings as the server reports them ({@link PostgresServerReport}), so a
 * figure always says whether its commits would have survived a crash.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests -pl pouw-bench -am package
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.market.MarketLoad \
 *      --store sqlite --jobs 20000 --workers 16 --batch 32 --submit batch --claim-rate 1000 --rounds 3
 * java … MarketLoad --store postgresql …        (an embedded PostgreSQL server started by the benchmark, durable:
 *                                               fsync and synchronous_commit on; --pg-durable false turns both off)
 * java … MarketLoad --pg-url jdbc:postgresql://127.0.0.1:5432/bench --pg-user postgres --pg-password secret …
 *                                              (any running server; the database must exist and may be empty)
 * java … MarketLoad --soak-seconds 600 …        (repeat drains for 10 minutes, printing heap after GC)
 * java … MarketLoad --set market.auction.ramp_ms=60000,market.collateral.permille=100 --fund-provers 1000000 …
 *                                              (the auction and collateral on; each worker or claimer is given
 *                                               1,000,000 by the client first, so it can lock collateral)
 * java … MarketLoad --set market.reputation.levels=true,market.reputation.max_leases=10000 …
 *                                              (node settings on top of the benchmark's own)
 * java … MarketLoad --pg-url … --rounds 0 --claim-rate 1000 --claimers 64 --claim-path in-process
 *                                              (claim latency only, from 64 provers in turn, straight to the
 *                                               node's claim groups without HTTP: the database's share; each
 *                                               prover completes one job first, --claimer-standing new skips that)
 * java … MarketLoad --pg-url … --sustain-seconds 1800 --window-seconds 300 --jobs 5000 --history-after-ms 60000
 *                                              (one database, drains back to back for 30 minutes: jobs/s per
 *                                               window, first steady window against the last, and the market
 *                                               tables' sizes and dead rows at the start and the end; then the
 *                                               invariants, as after --soak-seconds: nothing lost, paid once, the
 *                                               ledger verified. scripts/market/market-sustained.sh runs it)
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
    private String pgUrl;
    private String pgUser;
    private String pgPassword;

    private MarketLoad(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("store", "sqlite", "jobs", "20000", "workers", "16",
                "batch", "32", "claim-rate", "1000", "claim-seconds", "10", "rounds", "3", "soak-seconds", "0"));
        options.put("claim-warmup-seconds", "5");
        options.put("claimers", "1");
        options.put("claimer-standing", "established");
        options.put("claim-path", "http");
        options.put("submit", "batch");
        options.put("pg-durable", "true");
        options.put("sustain-seconds", "0");
        options.put("window-seconds", "300");
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (options.containsKey("pg-url")) {
            options.put("store", "postgresql");
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
            if (option("sustain-seconds") > 0) {
                sustain();
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
            if (!rates.isEmpty()) { // --rounds 0: claim latency only
                System.out.printf(Locale.ROOT, "RESULT completed jobs/s (median of %d rounds): %,.0f%n",
                        rates.size(), rates.get(rates.size() / 2));
            }
            if (option("claim-rate") > 0) { // --claim-rate 0: throughput only (the Graphile comparison)
                claimLatency();
            }
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
        // The claim-latency client is one load generator that never completes a job: as a new prover it would be
        // held to market.new_prover_max_jobs leases, and its thousands of claims a second come from one address.
        settings.put("market.new_prover_max_jobs", "10000");
        settings.put("http.max_connections_per_address", "100000");
        // Per-client rate limits are RateLimitBenchmark's subject; here they would measure the limiter, not the market.
        settings.put("rate_limits.enabled", "false");
        // --history-after-ms: how soon finished jobs leave the hot tables (the node's default is an hour, longer
        // than most runs; a sustained run sets it short so the history tables take part in what it measures)
        if (options.containsKey("history-after-ms")) {
            settings.put("market.history_after_ms", options.get("history-after-ms"));
        }
        // --set key=value[,key=value…]: node settings on top of the above, e.g. --set market.reputation.levels=true
        // for the claim path's cost with levels on (README, "Figures")
        for (String pair : options.getOrDefault("set", "").split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set wants key=value pairs, got " + pair);
                }
                settings.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        if (options.get("store").equals("postgresql")) {
            String url = options.get("pg-url");
            String user = options.getOrDefault("pg-user", "postgres");
            String password = options.getOrDefault("pg-password", "");
            if (url == null) {
                postgres = embeddedServer(Boolean.parseBoolean(options.get("pg-durable")));
                url = postgres.getJdbcUrl("postgres", "postgres");
                user = "postgres";
                password = "";
            }
            settings.put("storage.backend", "postgresql");
            // On PostgreSQL the node takes the shared token secret as given, never makes its own.
            org.pouw.node.auth.Tokens.loadOrCreateSecret(data.resolve("token.secret"));
            settings.put("storage.url", url);
            settings.put("storage.user", user);
            settings.put("storage.password", password);
            pgUrl = url;
            pgUser = user;
            pgPassword = password;
            System.out.println("server: " + PostgresServerReport.read(url, user, password).describe()
                    + (postgres == null ? "" : " [embedded server started by the benchmark]"));
        }
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
        cheapJob = new ProgramExecution(node.storage().blobs()).execute(CHEAP_PROGRAM, new long[0], 10, Tier.MACRO, 16)
                .jobs().get(0);
    }

    /**
     * The embedded server passes {@code -F} (fsync off) on its command line; a later {@code -c fsync=on} overrides
     * it. Durable is the default because a market's figure is for jobs that survive a crash; {@code --pg-durable
     * false} measures the same code with the disk taken out, and the printed settings say so.
     */
    private static EmbeddedPostgres embeddedServer(boolean durable) throws IOException {
        String on = durable ? "on" : "off";
        return EmbeddedPostgres.builder().setServerConfig("max_connections", "200")
                .setServerConfig("fsync", on)
                .setServerConfig("synchronous_commit", on)
                .setServerConfig("full_page_writes", on)
                .start();
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
        WorkerPhases phases = new WorkerPhases();
        int workers = option("workers");
        CountDownLatch done = new CountDownLatch(workers);
        Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        ReexecKind prover = new ReexecKind();
        boolean batchSubmit = options.get("submit").equals("batch");
        List<Ed25519.KeyPair> keys = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            keys.add(Ed25519.KeyPair.generate());
        }
        fund(keys);
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        for (Ed25519.KeyPair workerKey : keys) {
            Thread.ofVirtual().start(() -> {
                try (PouwClient api = new PouwClient(URI.create(node.url()), workerKey, Duration.ofSeconds(30),
                        Clock.system())) {
                    while (completed.get() < jobs) {
                        long t0 = System.nanoTime();
                        List<LeasedJob> claimed = api.jobs().claim(List.of(), List.of(), option("batch"), 60_000);
                        phases.claim(System.nanoTime() - t0);
                        t0 = System.nanoTime();
                        if (claimed.isEmpty()) {
                            break;
                        }
                        List<BatchSubmission> proofs = new ArrayList<>();
                        for (LeasedJob leased : claimed) {
                            NodeJob job = leased.job();
                            // A prover reads blobs through its lease on the job that needs them.
                            byte[] proof = prover.prove(job.toWorkItem(key -> blobs.computeIfAbsent(key,
                                    k -> api.jobs().blob(k, job.jobId()))), ProgressListener.NONE,
                                    ChallengeChannel.NONE);
                            String token = leased.lease().token();
                            if (batchSubmit) {
                                proofs.add(new BatchSubmission(job.jobId(), token, proof));
                            } else if (api.jobs().submit(job.jobId(), token, proof).accepted()) {
                                completed.incrementAndGet();
                            }
                        }
                        phases.prove(System.nanoTime() - t0);
                        if (!proofs.isEmpty()) {
                            t0 = System.nanoTime();
                            completed.addAndGet(api.jobs().submitBatch(proofs).stream()
                                    .filter(ProofOutcome::accepted).count());
                            phases.submit(System.nanoTime() - t0);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(phases.describe());
        // CPU per job holds on a loaded machine where jobs/s does not: the node and its workers, both in this JVM
        // (LifecycleCpuProfile splits it by part); the database server's CPU is not in it.
        System.out.printf(Locale.ROOT, "JVM CPU (node and workers): %.2f ms a job over %.1f s%n",
                (processCpuNanos() - cpuStarted) / 1e6 / jobs, seconds);
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
        // Every job the warm-up and the measured claims will take is posted first: posting while the warm-up's
        // leases run would let them expire (these claimers never complete), and the reaper would quarantine the
        // claimers for it in the middle of the measurement.
        int claimers = Math.max(1, option("claimers"));
        boolean established = options.get("claimer-standing").equals("established");
        preload(rate * (option("claim-warmup-seconds") + option("claim-seconds")) + (established ? claimers : 0));
        List<Ed25519.KeyPair> provers = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            provers.add(Ed25519.KeyPair.generate());
        }
        fund(provers);
        if (established) {
            establish(provers);
        }
        System.out.printf(Locale.ROOT, "claimers: %d, %s%n", claimers, established
                ? "established (each completed one job first, as the provers of a working fleet have)"
                : "new (none completed a job: each one's held leases are counted at every claim)");
        if (option("claim-warmup-seconds") > 0) {
            claimsAtRate(rate, rate * option("claim-warmup-seconds"), provers);
        }
        long[] all = claimsAtRate(rate, rate * option("claim-seconds"), provers);
        for (int second = 0; second * rate < all.length; second++) {
            long[] window = answered(Arrays.copyOfRange(all, second * rate,
                    Math.min(all.length, (second + 1) * rate)));
            System.out.printf(Locale.ROOT, "  second %d: p50 %.2f ms, p99 %.2f ms, %d refused%n", second + 1,
                    ms(window, 0.5), ms(window, 0.99), Math.min(rate, all.length - second * rate) - window.length);
        }
        long[] sorted = answered(all);
        if (options.get("claim-path").equals("in-process")) {
            System.out.print(phases.describe());
        }
        refusals.forEach((why, count) -> System.out.printf(Locale.ROOT, "  refused %,d times: %s%n", count.get(),
                why));
        System.out.printf(Locale.ROOT, "RESULT claim latency at %,d claims/s over %,d answered claims (after a %d s"
                        + " warm-up): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms; %,d refused as"
                        + " busy%n", rate, sorted.length, option("claim-warmup-seconds"), ms(sorted, 0.50),
                ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, all.length - sorted.length);
    }

    /** The latencies of the claims that were answered, sorted. */
    private static long[] answered(long[] latencies) {
        return Arrays.stream(latencies).filter(latency -> latency != REFUSED).sorted().toArray();
    }

    /** Where the in-process claims' time went (the last call of {@link #claimsAtRate}: the measured one). */
    private final ClaimPhases phases = new ClaimPhases();

    /** Why claims were refused (the first words of the error), and how often. */
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();

    /** Marks a claim the node turned away (backpressure) in the latency array. */
    private static final long REFUSED = -1;

    /**
     * Issues {@code total} single-job claims at {@code rate} per second and returns each one's latency, or
     * {@link #REFUSED}.
     */
    /**
     * {@code --fund-provers AMOUNT}: the client transfers AMOUNT to each of {@code provers} before they claim (setup,
     * not measured), so that with {@code market.collateral.permille} set their claims can lock collateral (a prover
     * with no balance is refused {@code 402 insufficient_funds}). 0, the default, funds nobody.
     */
    private void fund(List<Ed25519.KeyPair> provers) {
        long amount = Long.parseLong(options.getOrDefault("fund-provers", "0"));
        if (amount <= 0) {
            return;
        }
        try (PouwClient api = new PouwClient(URI.create(node.url()), client, Duration.ofSeconds(30),
                Clock.system())) {
            api.auth().signIn();
            for (Ed25519.KeyPair key : provers) {
                String did = key.did().toString();
                api.ledger().transfer(did, amount, "bench-fund-" + did);
            }
        }
    }

    /**
     * Each claimer claims, proves and submits one job over HTTP, as any prover of a working fleet has done: a prover
     * that never completed one is new, and a new prover's held leases are counted at each claim (it may hold only
     * {@code market.new_prover_max_jobs}). This benchmark's claimers never finish the jobs they claim afterwards, so
     * as new provers they would each hold hundreds of leases, a count no real claimer makes the market do.
     */
    private void establish(List<Ed25519.KeyPair> provers) {
        ReexecKind prover = new ReexecKind();
        for (Ed25519.KeyPair key : provers) {
            try (PouwClient api = new PouwClient(URI.create(node.url()), key, Duration.ofSeconds(30),
                    Clock.system())) {
                api.auth().signIn();
                List<LeasedJob> claimed = api.jobs().claim(List.of(), List.of(), 1, 60_000);
                if (claimed.isEmpty()) {
                    throw new IllegalStateException("no job to establish a claimer with");
                }
                NodeJob job = claimed.getFirst().job();
                byte[] proof = prover.prove(job.toWorkItem(blob -> api.jobs().blob(blob, job.jobId())),
                        ProgressListener.NONE, ChallengeChannel.NONE);
                if (!api.jobs().submit(job.jobId(), claimed.getFirst().lease().token(), proof).accepted()) {
                    throw new IllegalStateException("a claimer's first proof was not accepted");
                }
            }
        }
    }

    private long[] claimsAtRate(int rate, int total, List<Ed25519.KeyPair> keys) throws InterruptedException {
        long[] latencies = new long[total];
        AtomicLong issued = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        // --claimers N: the claims come from N provers in turn (one prover's claims queue on its own row);
        // --claim-path in-process: straight to the node's claim groups, without HTTP, to see the database's part.
        int claimers = keys.size();
        boolean inProcess = options.get("claim-path").equals("in-process");
        List<PouwClient> apis = new ArrayList<>();
        List<Did> provers = new ArrayList<>();
        for (Ed25519.KeyPair prover : keys) {
            provers.add(Did.of(prover.did().toString()));
            if (!inProcess) {
                PouwClient api = new PouwClient(URI.create(node.url()), prover, Duration.ofSeconds(30),
                        Clock.system());
                api.auth().signIn();
                apis.add(api);
            }
        }
        phases.clear(); // a warm-up's phases are not the measurement's
        ClaimCoalescer coalescer = new ClaimCoalescer(node.market(), phases);
        ClaimRequest single = new ClaimRequest(List.of(), List.of(), 1, 60_000);
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
                    if (inProcess) {
                        coalescer.claim(provers.get((int) (index % claimers)), "", single);
                    } else {
                        apis.get((int) (index % claimers)).jobs().claim(List.of(), List.of(), 1, 60_000);
                    }
                    latencies[(int) index] = System.nanoTime() - t0;
                } catch (RuntimeException refused) {
                    latencies[(int) index] = REFUSED; // e.g. 503 busy: backpressure, counted apart
                    String message = String.valueOf(refused.getMessage());
                    refusals.computeIfAbsent(refused.getClass().getSimpleName() + ": "
                            + message.substring(0, Math.min(100, message.length())), key -> new AtomicLong())
                            .incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        done.await(5, TimeUnit.MINUTES);
        ticker.shutdownNow();
        apis.forEach(PouwClient::close);
        return latencies;
    }

    private void soak() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(option("soak-seconds"));
        int round = 0;
        long posted = 0;
        while (System.nanoTime() < end) {
            preload(option("jobs"));
            posted += option("jobs");
            double rate = drain(option("jobs"));
            System.out.printf(Locale.ROOT, "soak round %d: %,.0f jobs/s, heap after GC %d MiB%n", ++round, rate,
                    heapAfterGcMiB());
        }
        checkInvariants(posted);
    }

    /** Nothing lost, each job paid once, the books verified; prints each, and fails the run when one is broken. */
    private void checkInvariants(long posted) {
        for (String line : MarketInvariants.check(node.storage(), posted)) {
            System.out.println("RESULT invariant " + line);
        }
    }

    /**
     * Drains back to back on one database for {@code --sustain-seconds} and reports completed jobs/s per window of
     * {@code --window-seconds} (drain time only: posting the next jobs is setup). The first window is warm-up (JIT,
     * caches); the first steady one is the second. Issue 26's target: the last window within 10 % of the first
     * steady one. Table sizes and dead rows are printed at both ends on PostgreSQL.
     */
    private void sustain() throws InterruptedException {
        long windowNanos = TimeUnit.SECONDS.toNanos(option("window-seconds"));
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(option("sustain-seconds"));
        if (pgUrl != null) {
            System.out.print("tables at the start:\n" + PostgresTableSizes.read(pgUrl, pgUser, pgPassword).describe());
        }
        List<long[]> windows = new ArrayList<>(); // {jobs, drain nanos}
        long posted = 0;
        while (System.nanoTime() < end) {
            preload(option("jobs"));
            posted += option("jobs");
            long drainStarted = System.nanoTime();
            drain(option("jobs"));
            long finished = System.nanoTime();
            // A drain that ends past the last full window counts in it: the run's end is not a window of its own.
            int window = (int) Math.min((finished - started) / windowNanos,
                    Math.max(0, option("sustain-seconds") / option("window-seconds") - 1));
            while (windows.size() <= window) {
                windows.add(new long[2]);
            }
            windows.get(window)[0] += option("jobs");
            windows.get(window)[1] += finished - drainStarted;
        }
        List<Double> rates = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            long[] window = windows.get(w);
            double rate = window[1] == 0 ? Double.NaN : window[0] / (window[1] / 1e9);
            rates.add(rate);
            System.out.printf(Locale.ROOT, "window %d (%d s): %,d jobs at %,.0f jobs/s%n", w + 1,
                    option("window-seconds"), window[0], rate);
        }
        if (rates.size() >= 3) {
            double first = rates.get(1);
            double last = rates.get(rates.size() - 1);
            System.out.printf(Locale.ROOT, "RESULT sustained %d s: first steady window %,.0f jobs/s, last %,.0f"
                            + " jobs/s (%+.1f %%)%n", option("sustain-seconds"), first, last,
                    100 * (last - first) / first);
        } else {
            System.out.println("RESULT sustained: fewer than 3 windows; make --sustain-seconds longer");
        }
        if (pgUrl != null) {
            System.out.print("tables at the end:\n" + PostgresTableSizes.read(pgUrl, pgUser, pgPassword).describe());
        }
        checkInvariants(posted);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long heapAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
