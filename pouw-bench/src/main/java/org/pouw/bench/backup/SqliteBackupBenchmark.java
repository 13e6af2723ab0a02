package org.pouw.bench.backup;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.BatchSubmission;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.jobs.NodeJob;
import org.pouw.client.jobs.ProofOutcome;
import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import org.pouw.store.HistoryHead;
import org.pouw.store.StorageException;
import org.pouw.store.jdbc.SqlTransactions;
import org.pouw.store.sqlite.SqliteContents;
import org.pouw.store.sqlite.SqliteSnapshot;
import org.pouw.store.sqlite.SqliteStorage;

/**
 * How long {@code pouw backup} takes on a large SQLite node under load (issue 24, scenario 6: "a 1 GB database
 * under MarketLoad backed up within a stated bound"), and that the copy is a point-in-time prefix of the live
 * ledger.
 *
 * <p>The database is grown through the node's own store, not by a script: intents of 100 cheap jobs each, opened in
 * the market one transaction per intent (each with its jobs, its events and its fee's ledger entry), each intent with
 * a program trace of {@code --trace-kb} random bytes in the blobs table, as a real intent carries. Growing is
 * setup, printed apart and never timed as the backup; a {@code --data-dir} kept between runs is grown only by what
 * it lacks.
 *
 * <p>Then, for each round, the load of MarketLoad's drain (workers over real HTTP: claim a batch, prove with
 * {@code reexec}, submit the batch; each completion settles its reward in the ledger) plus a client paying by
 * transfers with idempotency keys runs while {@link SqliteSnapshot#copy} — what {@code pouw backup} runs, {@code
 * VACUUM INTO} — copies the database. Checked each round: the copy's last ledger entry is the live chain's entry at
 * that number (the copy is the database as of one commit), and every transfer acknowledged before the backup started
 * is in the copy. Printed: the backup's time (median of the rounds), the database's size, the work done during the
 * backup (the writers are not stopped), and the WAL's size after it (a long reader holds the checkpoint back).
 *
 * <pre>
 * ./mvnw -q -B -o -DskipTests -pl pouw-bench -am package
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.backup.SqliteBackupBenchmark \
 *      --target-mb 1024 --rounds 3 --data-dir /var/tmp/pouw-backup-bench --bound-seconds 120
 * </pre>
 * {@code --workers 0} leaves the payer alone (its acks during the backup against the control's say what the copy
 * costs the node's writes). After the rounds a control runs the same load for the median backup's time without a
 * backup. Exit 1 when a round's backup took longer than {@code --bound-seconds} or a check failed.
 */
public final class SqliteBackupBenchmark {
    private static final String CHEAP_PROGRAM = "li r0 7\nhalt\n";
    private static final int JOBS_PER_INTENT = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> options;
    private final Ed25519.KeyPair client;
    /** Claims that failed (a time-out: the client waits 60 s) or were refused, over the whole run. */
    private final AtomicLong claimFailures = new AtomicLong();
    private PouwNode node;
    private PlannedJob cheapJob;
    private Path dataDir;

    private SqliteBackupBenchmark(Map<String, String> options, Ed25519.KeyPair client) {
        this.options = options;
        this.client = client;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("target-mb", "1024", "rounds", "3", "trace-kb", "64",
                "workers", "8", "batch", "32", "bound-seconds", "120", "load-jobs", "20000"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int exit = new SqliteBackupBenchmark(options, clientKey(options)).run();
        System.exit(exit);
    }

    /** The client's key, kept in the data folder so a grown database's genesis account stays the client's. */
    private static Ed25519.KeyPair clientKey(Map<String, String> options) throws Exception {
        Path dir = Path.of(options.getOrDefault("data-dir", Files.createTempDirectory("pouw-backup-bench")
                .toString()));
        options.put("data-dir", dir.toString());
        Files.createDirectories(dir);
        return org.pouw.crypto.KeyFile.loadOrCreate(dir.resolve("bench-client.key"));
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private int run() throws Exception {
        dataDir = Path.of(options.get("data-dir")).resolve("node");
        Map<String, String> settings = new HashMap<>(Map.of("data_dir", dataDir.toString(), "http.port", "0",
                "pouw_mode", "remote", "genesis", client.did() + "=" + Long.MAX_VALUE / 4,
                "market.max_claim_batch", "1000", "rate_limits.enabled", "false"));
        settings.put("market.new_prover_max_jobs", "10000");
        settings.put("http.max_connections_per_address", "100000");
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
        int failed = 0;
        try {
            cheapJob = new ProgramExecution(node.storage().blobs()).execute(CHEAP_PROGRAM, new long[0], 10,
                    Tier.MACRO, 16).jobs().get(0);
            System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s; load average at start %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());
            grow((long) option("target-mb") << 20);
            List<Long> millis = new ArrayList<>();
            for (int round = 1; round <= option("rounds"); round++) {
                RoundResult result = round(round);
                millis.add(result.millis());
                System.out.println(result);
                if (!result.problems().isEmpty()) {
                    System.out.println("  CHECK FAILED: " + String.join("; ", result.problems()));
                    failed++;
                }
                if (result.millis() > option("bound-seconds") * 1000L) {
                    System.out.printf(Locale.ROOT, "  BOUND EXCEEDED: %d ms > %d s%n", result.millis(),
                            option("bound-seconds"));
                    failed++;
                }
            }
            Collections.sort(millis);
            control(millis.get(millis.size() / 2));
            System.out.printf(Locale.ROOT, "RESULT backup (VACUUM INTO) of a %,d MB database under load: median %.1f s"
                            + " of %d rounds (bound %d s); %,d claims failed or timed out in the run; load average at"
                            + " the end %s%n", databaseBytes() >> 20, millis.get(millis.size() / 2) / 1000.0,
                    millis.size(), option("bound-seconds"), claimFailures.get(), loadAverage());
        } finally {
            node.close();
        }
        return failed == 0 ? 0 : 1;
    }

    /** Opens intents, each with its own trace blob, until the database file is {@code targetBytes}. */
    private void grow(long targetBytes) {
        long started = System.nanoTime();
        long startBytes = databaseBytes();
        int intents = 0;
        byte[] trace = new byte[option("trace-kb") * 1024];
        while (databaseBytes() < targetBytes) {
            RANDOM.nextBytes(trace);
            node.storage().blobs().put(trace);
            openIntent(JOBS_PER_INTENT);
            intents++;
            if (intents % 500 == 0) {
                System.out.printf(Locale.ROOT, "  growing: %,d MB after %,d intents, %.0f s%n", databaseBytes() >> 20,
                        intents, (System.nanoTime() - started) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "setup: database %,d MB (%,d MB before; %,d intents of %d jobs and a %d KB"
                        + " trace each added in %.0f s, through the store; not timed as the backup)%n",
                databaseBytes() >> 20, startBytes >> 20, intents, JOBS_PER_INTENT, option("trace-kb"),
                (System.nanoTime() - started) / 1e9);
        System.out.println("setup: " + tableMix());
    }

    private void openIntent(int jobs) {
        node.market().open(new IntentDraft(Did.of(client.did().toString()), "", "[]", 10, Tier.MACRO, jobs * 10L,
                "[]", 1, cheapJob.traceHash(), cheapJob.traceRef(), Collections.nCopies(jobs, cheapJob)));
    }

    private record RoundResult(int round, long millis, long dbBytes, long copyBytes, long ledgerSeq, long liveSeq,
                               long jobsDuring, long transfersDuring, long transfersBefore, long walBytes,
                               String load, List<String> problems) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "round %d: backup of %,d MB (copy %,d MB) in %.1f s; copy's ledger to"
                            + " entry %,d, live %,d at the end; during the backup %,d jobs completed and %,d"
                            + " transfers acked; %,d transfers acked before it all in the copy: %s; WAL after it %,d"
                            + " MB; load average %s", round, dbBytes >> 20, copyBytes >> 20, millis / 1000.0,
                    ledgerSeq, liveSeq, jobsDuring, transfersDuring, transfersBefore,
                    problems.isEmpty() ? "yes" : "NO", walBytes >> 20, load);
        }
    }

    /** The workers and the payer of one round, started on fresh jobs; {@link #stop()} waits for them. */
    private final class RoundLoad {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong completed = new AtomicLong();
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        private final List<Thread> threads = new ArrayList<>();

        RoundLoad(String keyPrefix) throws InterruptedException {
            openLoadJobs();
            for (int w = 0; w < option("workers"); w++) {
                threads.add(Thread.ofVirtual().start(() -> work(running, completed)));
            }
            threads.add(Thread.ofVirtual().start(() -> pay(running, acked, keyPrefix)));
            Thread.sleep(3_000); // the load running before what is measured starts
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /** One backup under load, checked. */
    private RoundResult round(int round) throws Exception {
        RoundLoad running = new RoundLoad("r" + round);
        AtomicLong completed = running.completed;
        Map<String, Long> acked = running.acked;
        Set<String> ackedBefore = Set.copyOf(acked.keySet());
        long jobsAtStart = completed.get();
        long transfersAtStart = acked.size();
        // The copy is named as a data folder's database, so the check below can open it through the store.
        Path copyDir = Path.of(options.get("data-dir")).resolve("backup-" + round);
        deleteTree(copyDir);
        Files.createDirectories(copyDir);
        Path target = copyDir.resolve(SqliteStorage.FILE_NAME);
        long started = System.nanoTime();
        SqliteSnapshot.copy(dataDir, target);
        long millis = (System.nanoTime() - started) / 1_000_000;
        long jobsDuring = completed.get() - jobsAtStart;
        long transfersDuring = acked.size() - transfersAtStart;
        String load = loadAverage();
        long walBytes = size(dataDir.resolve(SqliteStorage.FILE_NAME + "-wal"));
        running.stop();
        List<String> problems = new ArrayList<>();
        HistoryHead head = SqliteSnapshot.head(target);
        String liveHash = liveHashAt(head.ledgerSeq());
        if (!head.ledgerHash().equals(liveHash)) {
            problems.add("the copy's head " + head.ledgerSeq() + " " + head.ledgerHash() + " is not the live chain's"
                    + " entry there (" + liveHash + ")");
        }
        long missing = missingTransfers(copyDir, ackedBefore);
        if (missing > 0) {
            problems.add(missing + " transfers acked before the backup are not in the copy");
        }
        RoundResult result = new RoundResult(round, millis, databaseBytes(), size(target), head.ledgerSeq(),
                liveSeq(), jobsDuring, transfersDuring, ackedBefore.size(), walBytes, load, problems);
        deleteTree(copyDir);
        return result;
    }

    /**
     * The same load for as long as the median backup took, without a backup: what the load does on this database
     * and machine anyway, so a round's counts during the backup can be read against it.
     */
    private void control(long millis) throws InterruptedException {
        RoundLoad running = new RoundLoad("control");
        AtomicLong completed = running.completed;
        Map<String, Long> acked = running.acked;
        long jobsAtStart = completed.get();
        long transfersAtStart = acked.size();
        Thread.sleep(millis);
        System.out.printf(Locale.ROOT, "control: the same load for %.1f s without a backup: %,d jobs completed and"
                        + " %,d transfers acked; load average %s%n", millis / 1000.0, completed.get() - jobsAtStart,
                acked.size() - transfersAtStart, loadAverage());
        running.stop();
    }

    /** Enough fresh jobs for the workers to drain throughout a round. */
    private void openLoadJobs() {
        for (int made = 0; made < option("load-jobs"); made += JOBS_PER_INTENT) {
            openIntent(JOBS_PER_INTENT);
        }
    }

    /** MarketLoad's drain loop: claim a batch over HTTP, prove each with reexec, submit the batch. */
    private void work(AtomicBoolean running, AtomicLong completed) {
        Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        ReexecKind prover = new ReexecKind();
        try (PouwClient api = new PouwClient(URI.create(node.url()), Ed25519.KeyPair.generate(),
                Duration.ofSeconds(60), Clock.system())) {
            while (running.get()) {
                List<LeasedJob> claimed;
                try {
                    claimed = api.jobs().claim(List.of(), List.of(), option("batch"), 120_000);
                } catch (NodeException slowOrRefused) {
                    claimFailures.incrementAndGet(); // counted and printed; the worker claims again
                    continue;
                }
                if (claimed.isEmpty()) {
                    return;
                }
                List<BatchSubmission> proofs = new ArrayList<>();
                for (LeasedJob leased : claimed) {
                    NodeJob job = leased.job();
                    byte[] proof = prover.prove(job.toWorkItem(key -> blobs.computeIfAbsent(key,
                            k -> api.jobs().blob(k, job.jobId()))), ProgressListener.NONE, ChallengeChannel.NONE);
                    proofs.add(new BatchSubmission(job.jobId(), leased.lease().token(), proof));
                }
                completed.addAndGet(api.jobs().submitBatch(proofs).stream().filter(ProofOutcome::accepted).count());
            }
        }
    }

    /** Transfers of 1 to fresh accounts, each keyed; the key is recorded once the node acked it. */
    private void pay(AtomicBoolean running, Map<String, Long> acked, String prefix) {
        try (PouwClient api = new PouwClient(URI.create(node.url()), client, Duration.ofSeconds(60),
                Clock.system())) {
            for (int i = 0; running.get(); i++) {
                String key = prefix + "-" + i;
                try {
                    api.ledger().transfer(Ed25519.KeyPair.generate().did().toString(), 1, key);
                    acked.put(key, System.nanoTime());
                } catch (NodeException refused) {
                    // in doubt or refused: not counted as acked, not checked
                }
            }
        }
    }

    /** The hash of the live ledger's entry {@code seq}, read through the node's store. */
    private String liveHashAt(long seq) {
        List<LedgerEntry> entries = node.storage().read((StoreTx tx) -> tx.ledger().entries(seq - 1, 1));
        return entries.isEmpty() || entries.getFirst().seq() != seq ? "(no entry " + seq + ")"
                : entries.getFirst().hash();
    }

    private long liveSeq() {
        return ((SqlTransactions) node.storage()).readSql(HistoryHead::read).ledgerSeq();
    }

    /**
     * How many of the transfers acked before the backup have no ledger entry in the copy, opened as a node would
     * open it (the copy is thrown away after the round).
     */
    private long missingTransfers(Path copyDir, Set<String> keys) {
        long missing = 0;
        try (SqliteStorage copy = SqliteStorage.open(copyDir, 1)) {
            for (String key : keys) {
                String entryKey = "transfer:" + client.did() + ":" + key;
                if (copy.read((StoreTx tx) -> tx.ledger().byKey(entryKey)).isEmpty()) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** The blobs' share of the database, so the figure says what kind of database it was. */
    private String tableMix() {
        try {
            return SqliteContents.of(dataDir.resolve(SqliteStorage.FILE_NAME)).describe();
        } catch (StorageException e) {
            return "(table mix unreadable: " + e.getMessage() + ")";
        }
    }

    private long databaseBytes() {
        return size(dataDir.resolve(SqliteStorage.FILE_NAME));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
