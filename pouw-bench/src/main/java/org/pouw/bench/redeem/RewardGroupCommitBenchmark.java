package org.pouw.bench.redeem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.bench.LoadClientProcess;
import org.pouw.bench.Median;
import org.pouw.bench.Sitting;
import org.pouw.core.Clock;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.jdbc.SqlRewardPayouts;
import org.pouw.store.jdbc.SqlTransactions;

/**
 * Receipt reward payouts on SQLite from several threads at once, with and without group commit ({@code
 * SqlRewardPayouts} grouping concurrent claims into one write transaction), on one database in one sitting: the
 * two alternate round by round, so a machine shared with other work loads both alike. Each round, {@code --threads}
 * threads pay fresh claims for {@code --millis}; printed per round and as medians, per wall second and per
 * CPU-second of the process, with the ratio.
 *
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.redeem.RewardGroupCommitBenchmark [--rounds 7] [--millis 1000] [--threads 8]
 * </pre>
 */
public final class RewardGroupCommitBenchmark {
    private static final String CLIENT = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
    private static final AtomicLong IDS = new AtomicLong();

    private RewardGroupCommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 7;
        long millis = 1_000;
        int threads = 8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Sitting.print(RewardGroupCommitBenchmark.class, args, "rounds " + rounds + ", millis " + millis
                + ", threads " + threads);
        Path folder = Files.createTempDirectory("pouw-group-commit-bench");
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(folder))) {
            storage.write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:receipts",
                    List.of(new Posting(Accounts.GENESIS, -Long.MAX_VALUE / 2),
                            new Posting(RewardPayouts.POOL_ACCOUNT, Long.MAX_VALUE / 2)), List.of(), "benchmark"), 1));
            SqlRewardPayouts single = new SqlRewardPayouts((SqlTransactions) storage, Clock.system(), false);
            SqlRewardPayouts grouped = new SqlRewardPayouts((SqlTransactions) storage, Clock.system(), true);
            double[][] wall = new double[2][rounds];
            double[][] cpu = new double[2][rounds];
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                for (int round = -2; round < rounds; round++) { // two warm-up rounds each
                    for (int variant = 0; variant < 2; variant++) {
                        double[] rate = run(variant == 0 ? single : grouped, pool, threads, millis);
                        if (round >= 0) {
                            wall[variant][round] = rate[0];
                            cpu[variant][round] = rate[1];
                            System.out.printf(Locale.ROOT, "round %d %-13s %,8.0f payouts/s, %,8.0f per CPU-second "
                                    + "(load %.1f)%n", round + 1, variant == 0 ? "one per tx" : "group commit",
                                    rate[0], rate[1], Sitting.load());
                        }
                    }
                }
            }
            double singleWall = Median.upper(wall[0]);
            double groupedWall = Median.upper(wall[1]);
            double singleCpu = Median.upper(cpu[0]);
            double groupedCpu = Median.upper(cpu[1]);
            System.out.printf(Locale.ROOT, "one transaction per payout: median %,.0f /s, %,.0f per CPU-second%n",
                    singleWall, singleCpu);
            System.out.printf(Locale.ROOT, "group commit:               median %,.0f /s, %,.0f per CPU-second "
                    + "(%,d claims in %,d transactions)%n", groupedWall, groupedCpu, IDS.get(),
                    grouped.groupedTransactions());
            System.out.printf(Locale.ROOT, "ratio group/single: %.2fx wall, %.2fx per CPU-second%n",
                    groupedWall / singleWall, groupedCpu / singleCpu);
        }
    }

    private static double[] run(SqlRewardPayouts payouts, ExecutorService pool, int threads, long millis)
            throws Exception {
        long cpuStart = LoadClientProcess.processCpuNanos();
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                long paid = 0;
                while (System.nanoTime() < end) {
                    String id = "bench-" + IDS.incrementAndGet();
                    if (payouts.payOnce(new RewardPayouts.RewardClaim(Redemptions.challengeKey(id), Long.MAX_VALUE,
                            CLIENT, 1, RewardPayouts.ledgerKey(id), 0, Long.MAX_VALUE / 2))
                            != RewardPayouts.Outcome.PAID) {
                        throw new IllegalStateException("claim " + id + " was not paid");
                    }
                    paid++;
                }
                return paid;
            }));
        }
        long paid = 0;
        for (Future<Long> f : done) {
            paid += f.get();
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = LoadClientProcess.processCpuNanos() - cpuStart;
        return new double[] {paid * 1e9 / nanos, paid * 1e9 / cpuNanos};
    }
}
