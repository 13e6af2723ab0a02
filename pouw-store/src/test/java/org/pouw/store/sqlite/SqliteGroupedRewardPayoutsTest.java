package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.reward.RewardPayouts.Outcome;
import org.pouw.gate.reward.RewardPayouts.RewardClaim;
import org.pouw.store.GateStores;
import org.pouw.store.RedemptionStores;
import org.pouw.store.jdbc.SqlRewardPayouts;

/**
 * Group commit of reward payouts on SQLite: claims that wait while the writer is busy are paid in one transaction
 * together, and inside it each claim keeps the money rules it has alone — a refused claim leaves nothing, a second
 * claim of one challenge is replayed, a challenge that bought a token pays nothing, the pool is never overdrawn.
 */
class SqliteGroupedRewardPayoutsTest {
    private static final String DID = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    @TempDir
    Path folder;
    private final SettableClock clock = new SettableClock(1_760_000_000_000L);
    private SqliteStorage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void claimsThatWaitForTheWriterShareOneTransactionAndEachKeepsItsRules() throws Exception {
        storage = SqliteStorage.open(folder, 2);
        fund(40); // room for every claim of 10 in any order (the pool is checked before the redemption)
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, clock);
        assertThat(RedemptionStores.on(storage).redeemOnce("chal:token-first", 10_000)).isTrue();
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch releaseWriter = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            Future<?> blocker = threads.submit(() -> storage.writeSql(sql -> {
                writerHeld.countDown();
                awaitQuietly(releaseWriter);
                return null;
            }));
            writerHeld.await(60, TimeUnit.SECONDS);
            Future<Outcome> first = threads.submit(() -> payouts.payOnce(claim("a", 10)));
            // The first claim leads: its one-claim transaction now waits behind the blocker for the writer.
            waitUntil(() -> storage.inLine()[0] == 2);
            Map<String, RewardClaim> later = Map.of("b", claim("b", 10), "b-again", claim("b", 10),
                    "too-big", claim("big", 1_000), "token-first", claim("token-first", 10), "c", claim("c", 10));
            Map<String, Future<Outcome>> answers = new java.util.HashMap<>();
            later.forEach((name, claim) -> answers.put(name, threads.submit(() -> payouts.payOnce(claim))));
            waitUntil(() -> payouts.claimsInLine() == 1 + later.size());
            releaseWriter.countDown();
            blocker.get(60, TimeUnit.SECONDS);

            assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(Outcome.PAID);
            assertThat(answers.get("c").get(60, TimeUnit.SECONDS)).isEqualTo(Outcome.PAID);
            assertThat(List.of(answers.get("b").get(60, TimeUnit.SECONDS),
                    answers.get("b-again").get(60, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(Outcome.PAID, Outcome.REPLAYED);
            assertThat(answers.get("too-big").get(60, TimeUnit.SECONDS)).isEqualTo(Outcome.POOL_EMPTY);
            assertThat(answers.get("token-first").get(60, TimeUnit.SECONDS)).isEqualTo(Outcome.REPLAYED);
        }
        // One transaction for the first claim, one for the five that waited behind it.
        assertThat(payouts.groupedTransactions()).isEqualTo(2);
        assertThat(balance(RewardPayouts.POOL_ACCOUNT)).isEqualTo(10);
        assertThat(balance(DID)).isEqualTo(30);
        assertThat(payouts.emitted(0)).isEqualTo(30);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey("receipt:big"))).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey("receipt:token-first"))).isEmpty();
        assertThat(RedemptionStores.on(storage).isRecorded("chal:big")).isFalse();
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    /**
     * Rewards and tokens racing for the same challenges through both doors at once (the grouped payouts and the
     * token redemptions): every challenge is redeemed exactly once, for a reward or a token, and the pool pays only
     * what it holds.
     */
    @Test
    void rewardsAndTokensRacingForTheSameChallengesRedeemEachExactlyOnce() throws Exception {
        storage = SqliteStorage.open(folder, 2);
        fund(150);
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, clock);
        Redemptions tokens = RedemptionStores.on(storage);
        int challenges = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> paid = new ArrayList<>();
        List<Future<Boolean>> tokened = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < challenges; i++) {
                String id = "race-" + i;
                for (int attempt = 0; attempt < 3; attempt++) {
                    paid.add(threads.submit(() -> {
                        start.await();
                        return payouts.payOnce(claim(id, 10)) == Outcome.PAID;
                    }));
                }
                for (int attempt = 0; attempt < 2; attempt++) {
                    tokened.add(threads.submit(() -> {
                        start.await();
                        return tokens.redeemOnce(Redemptions.challengeKey(id), 10_000);
                    }));
                }
            }
            start.countDown();
        }
        for (int i = 0; i < challenges; i++) {
            int rewards = 0;
            int grants = 0;
            for (int attempt = 0; attempt < 3; attempt++) {
                rewards += paid.get(3 * i + attempt).get() ? 1 : 0;
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                grants += tokened.get(2 * i + attempt).get() ? 1 : 0;
            }
            assertThat(rewards + grants).as("redemptions of race-" + i).isEqualTo(1);
        }
        long rewarded = paid.stream().filter(SqliteGroupedRewardPayoutsTest::isTrue).count();
        assertThat(rewarded).isLessThanOrEqualTo(15);
        assertThat(balance(DID)).isEqualTo(10 * rewarded);
        assertThat(balance(RewardPayouts.POOL_ACCOUNT)).isEqualTo(150 - 10 * rewarded);
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    private static boolean isTrue(Future<Boolean> answer) {
        try {
            return answer.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RewardClaim claim(String challengeId, long amount) {
        return new RewardClaim(Redemptions.challengeKey(challengeId), 10_000, DID, amount,
                RewardPayouts.ledgerKey(challengeId), 0, 1_000_000);
    }

    private void fund(long amount) {
        storage.write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:receipts:" + amount,
                List.of(new Posting(Accounts.GENESIS, -amount), new Posting(RewardPayouts.POOL_ACCOUNT, amount)),
                List.of(), "receipts pool"), 1));
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
