package org.pouw.bench.redeem;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.bench.TimedRounds;
import org.pouw.bench.TimedRounds.Rate;
import org.pouw.core.Clock;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.store.GateStores;
import org.pouw.store.RedemptionStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.jdbc.SqlRewardPayouts;
import org.pouw.store.redis.RedisRedemptions;

/**
 * Redemptions per second of each store, one calling thread, fresh challenge keys (issue 21 §5): the insert-if-absent
 * alone (a stateless token grant) and, on the SQL stores, with a ledger reward in the same transaction, and the
 * {@code SqlRewardPayouts} payout (emission count, ledger entry and redemption in one transaction). The median of
 * timed rounds after warm-up; wall-clock rates, since the database's own work runs outside the calling thread.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests -pl pouw-bench -am package
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.redeem.RedemptionStoreBenchmark \
 *      [--rounds 5] [--millis 1000] [--postgresql] [--redis-url redis://127.0.0.1:6390]
 * </pre>
 * With {@code --postgresql} an embedded PostgreSQL server is started; for Redis start one first, e.g.
 * {@code redis-server --port 6390 --save ''}.
 */
public final class RedemptionStoreBenchmark {
    private static final String POOL = "sys:receipts:pool";
    private static final String CLIENT = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
    private static final AtomicLong KEYS = new AtomicLong();

    private RedemptionStoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = 5;
        long millis = 1_000;
        boolean postgresql = false;
        String redisUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                case "--postgresql" -> postgresql = true;
                case "--redis-url" -> redisUrl = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path folder = Files.createTempDirectory("pouw-redeem-bench");
        try (Storage sqlite = StorageFactory.open(StorageConfig.sqlite(folder))) {
            measureSql("sqlite", sqlite, rounds, millis);
        }
        if (postgresql) {
            try (EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                 Storage postgres = StorageFactory.open(StorageConfig.postgresql(
                         server.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4))) {
                measureSql("postgresql", postgres, rounds, millis);
            }
        }
        if (redisUrl != null) {
            try (RedisRedemptions redis = RedisRedemptions.open(redisUrl, Clock.system(), 5_000)) {
                print("redis", "token", TimedRounds.median(rounds, millis, () -> token(redis)));
            }
        }
    }

    private static void measureSql(String name, Storage storage, int rounds, long millis) {
        storage.write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:" + POOL,
                List.of(new Posting(Accounts.GENESIS, -Long.MAX_VALUE / 2), new Posting(POOL, Long.MAX_VALUE / 2)),
                List.of(), "benchmark"), 1));
        Redemptions redemptions = RedemptionStores.on(storage);
        print(name, "token", TimedRounds.median(rounds, millis, () -> token(redemptions)));
        print(name, "reward", TimedRounds.median(rounds, millis, () -> {
            String key = nextKey();
            return redemptions.redeem(key, Long.MAX_VALUE, Grant.reward(tx -> GateVerdict.accepted(
                    tx.ledger().append(new EntryDraft(EntryKind.TRANSFER, "receipt:" + key, List.of(
                            new Posting(POOL, -1), new Posting(CLIENT, 1)), List.of(), ""), 2).orElseThrow())));
        }));
        // The RewardPayouts adapter: the emission count's upsert on top of the reward's ledger entry and redemption.
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, Clock.system());
        print(name, "payout", TimedRounds.median(rounds, millis, () -> {
            String id = Long.toHexString(KEYS.incrementAndGet());
            return payouts.payOnce(new RewardPayouts.RewardClaim(Redemptions.challengeKey(id), Long.MAX_VALUE, CLIENT,
                    1, RewardPayouts.ledgerKey(id), 0, Long.MAX_VALUE / 2));
        }));
    }

    private static Object token(Redemptions redemptions) {
        return redemptions.redeem(nextKey(), System.currentTimeMillis() + 65_000,
                Grant.stateless(() -> GateVerdict.accepted("token")));
    }

    private static String nextKey() {
        return Redemptions.challengeKey(Long.toHexString(KEYS.incrementAndGet()));
    }

    private static void print(String store, String grant, Rate rate) {
        System.out.printf(Locale.ROOT, "%-10s %-6s %,10.0f redemptions/s (wall), %,10.0f per CPU-second of the "
                + "caller%n", store, grant, rate.perWallSecond(), rate.perCpuSecond());
    }
}
