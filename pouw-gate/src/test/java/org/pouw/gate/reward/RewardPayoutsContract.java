package org.pouw.gate.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts.Outcome;
import org.pouw.gate.reward.RewardPayouts.RewardClaim;

/**
 * What every {@link RewardPayouts} adapter must do (issue 21 §2, §3): in memory here; the ledger-backed one, with its
 * redemptions in the same database, in pouw-store and the node, through this module's test jar.
 */
public abstract class RewardPayoutsContract {
    /** One store: the payouts, the redemptions they share with tokens, and the ledger's view of two accounts. */
    protected interface Fixture {
        RewardPayouts payouts();

        Redemptions redemptions();

        /** Moves {@code amount} into {@link RewardPayouts#POOL_ACCOUNT}, as a ledger transfer would. */
        void fund(long amount);

        long balance(String account);
    }

    protected abstract Fixture newFixture();

    private static final String DID = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    private static RewardClaim claim(String challengeId, long amount, long intervalStart, long cap) {
        return new RewardClaim(Redemptions.challengeKey(challengeId), 10_000, DID, amount,
                RewardPayouts.ledgerKey(challengeId), intervalStart, cap);
    }

    @Test
    void aRewardIsPaidOnceFromTheReceiptsPoolToTheDid() {
        Fixture store = newFixture();
        store.fund(100);
        assertThat(store.payouts().payOnce(claim("a", 10, 0, 1_000))).isEqualTo(Outcome.PAID);
        assertThat(store.balance(RewardPayouts.POOL_ACCOUNT)).isEqualTo(90);
        assertThat(store.balance(DID)).isEqualTo(10);
        assertThat(store.payouts().payOnce(claim("a", 10, 0, 1_000))).isEqualTo(Outcome.REPLAYED);
        assertThat(store.balance(DID)).isEqualTo(10);
        // The reward took the challenge's one redemption: no token can follow.
        assertThat(store.redemptions().redeemOnce(Redemptions.challengeKey("a"), 10_000)).isFalse();
    }

    @Test
    void anEmptyPoolConsumesNothing() {
        Fixture store = newFixture();
        store.fund(5);
        assertThat(store.payouts().payOnce(claim("a", 10, 0, 1_000))).isEqualTo(Outcome.POOL_EMPTY);
        assertThat(store.balance(RewardPayouts.POOL_ACCOUNT)).isEqualTo(5);
        assertThat(store.balance(DID)).isZero();
        // The redemption was not taken: the same challenge can still buy its one token.
        assertThat(store.redemptions().redeemOnce(Redemptions.challengeKey("a"), 10_000)).isTrue();
    }

    @Test
    void theEmissionCapBoundsEachIntervalAndConsumesNothing() {
        Fixture store = newFixture();
        store.fund(1_000);
        assertThat(store.payouts().payOnce(claim("a", 10, 0, 25))).isEqualTo(Outcome.PAID);
        assertThat(store.payouts().payOnce(claim("b", 10, 0, 25))).isEqualTo(Outcome.PAID);
        assertThat(store.payouts().payOnce(claim("c", 10, 0, 25))).isEqualTo(Outcome.EMISSION_CAPPED);
        assertThat(store.balance(DID)).isEqualTo(20);
        // Refused without taking its redemption: it is paid in the next interval.
        assertThat(store.payouts().payOnce(claim("c", 10, 60_000, 25))).isEqualTo(Outcome.PAID);
        assertThat(store.balance(DID)).isEqualTo(30);
    }

    @Test
    void fiftyConcurrentClaimsOnAPoolForTenPayTenAndNeverOverdraw() throws Exception {
        Fixture store = newFixture();
        store.fund(100);
        List<Outcome> outcomes = race(store, i -> claim("c" + i, 10, 0, 1_000_000));
        assertThat(outcomes.stream().filter(o -> o == Outcome.PAID).count()).isEqualTo(10);
        assertThat(outcomes.stream().filter(o -> o != Outcome.PAID)).containsOnly(Outcome.POOL_EMPTY);
        assertThat(store.balance(RewardPayouts.POOL_ACCOUNT)).isZero();
        assertThat(store.balance(DID)).isEqualTo(100);
    }

    @Test
    void fiftyConcurrentClaimsOfOneChallengePayOnce() throws Exception {
        Fixture store = newFixture();
        store.fund(1_000);
        List<Outcome> outcomes = race(store, i -> claim("same", 10, 0, 1_000_000));
        assertThat(outcomes.stream().filter(o -> o == Outcome.PAID).count()).isEqualTo(1);
        assertThat(store.balance(DID)).isEqualTo(10);
    }

    private static List<Outcome> race(Fixture store, java.util.function.IntFunction<RewardClaim> claims)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                RewardClaim claim = claims.apply(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    return store.payouts().payOnce(claim);
                }));
            }
            start.countDown();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get());
        }
        return outcomes;
    }
}
