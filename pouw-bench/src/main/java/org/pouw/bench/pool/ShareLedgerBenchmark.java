package org.pouw.bench.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.bench.Sitting;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.PoolShareLedger;
import org.pouw.core.port.Storage;
import org.pouw.pool.ledger.GroupCommitLedger;
import org.pouw.store.PoolStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/**
 * Share records per second into the pool's SQLite share ledger from many threads at once (issue 23 §4; docs/pool.md
 * §5b): each share its own transaction, against {@link GroupCommitLedger} (every share queued during a commit goes in
 * the next one). Each mode runs {@code --rounds} rounds of {@code --millis} ms with {@code --threads} threads, each
 * recording distinct shares as fast as its answers come; the median round is printed, with the mean group size.
 *
 * <p>{@code java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*"
 * org.pouw.bench.pool.ShareLedgerBenchmark [--rounds 5] [--millis 2000] [--threads 32]}
 */
public final class ShareLedgerBenchmark {
    private static final long T0 = 1_760_000_000_000L;

    private ShareLedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = option(args, "--rounds", 5);
        int millis = option(args, "--millis", 2000);
        int threads = option(args, "--threads", 32);
        Sitting.print(ShareLedgerBenchmark.class, args, threads + " threads recording distinct shares into SQLite, "
                + rounds + " rounds of " + millis + " ms per mode");
        Path dir = Files.createTempDirectory("pouw-share-ledger-bench");
        AtomicInteger hashes = new AtomicInteger();
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(dir))) {
            PoolShareLedger direct = PoolStores.shareLedger(storage);
            double one = median(rounds, millis, threads, direct, hashes);
            System.out.printf(Locale.ROOT, "one transaction a share: median %,.0f shares/s%n", one);
            try (GroupCommitLedger grouped = new GroupCommitLedger(direct)) {
                double group = median(rounds, millis, threads, grouped, hashes);
                System.out.printf(Locale.ROOT, "group commit:            median %,.0f shares/s, %.1f shares a commit "
                        + "on average (%.1f× the first; load %.2f at the end)%n", group,
                        (double) grouped.recorded() / Math.max(1, grouped.commits()), group / one, Sitting.load());
            }
        }
    }

    private static double median(int rounds, int millis, int threads, PoolShareLedger ledger, AtomicInteger hashes)
            throws InterruptedException {
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            AtomicLong recorded = new AtomicLong();
            long deadline = System.nanoTime() + millis * 1_000_000L;
            CountDownLatch done = new CountDownLatch(threads);
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < deadline) {
                        int n = hashes.incrementAndGet();
                        if (!ledger.record(new AcceptedShare(String.format("%064x", n), "pool-1", "miner-" + (n % 97),
                                "c" + (n % 13), 64, T0 + n, T0 + 3_600_000))) {
                            throw new AssertionError("a distinct share was refused as a duplicate");
                        }
                        recorded.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            done.await();
            rates[r] = recorded.get() / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[rounds / 2];
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
