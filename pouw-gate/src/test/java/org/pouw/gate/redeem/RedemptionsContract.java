package org.pouw.gate.redeem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;

/**
 * What every {@link Redemptions} adapter must do (issue 21 §2, §5), run against each by a subclass: in memory here;
 * SQLite, PostgreSQL and Redis in pouw-store, through this module's test jar (STYLE.md: one port, one abstract
 * contract test, one subclass per adapter). Grants here are {@link Grant.Stateless}, which every store runs; the SQL
 * stores' contract adds the grants written in the ledger's transaction.
 */
public abstract class RedemptionsContract {
    /** Keep-until times of the tests: far ahead of any clock an adapter may read, so nothing expires under them. */
    protected static final long LATER = 4_000_000_000_000L;

    /** A fresh, empty store for one test. */
    protected abstract Redemptions newRedemptions();

    /** A key no other test (and no earlier run on a shared server) has used. */
    protected static String freshKey() {
        return Redemptions.challengeKey(java.util.UUID.randomUUID().toString().replace("-", ""));
    }

    /** A grant that counts how often it was given. */
    protected static Grant<Integer> counted(AtomicInteger grants) {
        return Grant.stateless(() -> GateVerdict.accepted(grants.incrementAndGet()));
    }

    @Test
    void fiftyConcurrentRedemptionsOfOneChallengeYieldExactlyOneSuccess() throws Exception {
        Redemptions redemptions = newRedemptions();
        String key = freshKey();
        AtomicInteger grants = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GateVerdict<Integer>>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return redemptions.redeem(key, LATER, counted(grants));
                }));
            }
            start.countDown();
        }
        int successes = 0;
        for (Future<GateVerdict<Integer>> outcome : outcomes) {
            GateVerdict<Integer> verdict = outcome.get();
            if (verdict.isAccepted()) {
                successes++;
            } else {
                assertThat(((GateVerdict.Rejected<Integer>) verdict).reason()).isEqualTo(RejectionReason.REPLAYED);
            }
        }
        assertThat(successes).isEqualTo(1);
        assertThat(grants).hasValue(1);
    }

    @Test
    void aRedeemedKeyIsRefusedEveryTimeAfterAndItsGrantNeverRuns() {
        Redemptions redemptions = newRedemptions();
        String key = freshKey();
        AtomicInteger grants = new AtomicInteger();
        assertThat(redemptions.redeem(key, LATER, counted(grants))).isEqualTo(GateVerdict.accepted(1));
        for (int i = 0; i < 3; i++) {
            GateVerdict<Integer> again = redemptions.redeem(key, LATER, counted(grants));
            assertThat(again).isInstanceOf(GateVerdict.Rejected.class);
            assertThat(((GateVerdict.Rejected<Integer>) again).reason()).isEqualTo(RejectionReason.REPLAYED);
        }
        assertThat(grants).hasValue(1);
        assertThat(redemptions.redeemOnce(key, LATER)).isFalse();
    }

    @Test
    void distinctChallengesAreRedeemedIndependently() {
        Redemptions redemptions = newRedemptions();
        String a = freshKey();
        String b = freshKey();
        assertThat(redemptions.redeemOnce(a, LATER)).isTrue();
        assertThat(redemptions.redeemOnce(b, LATER)).isTrue();
        assertThat(redemptions.redeemOnce(b, LATER)).isFalse();
    }

    /** A grant that refuses (the node's {@code pool_empty}) consumes nothing: the challenge redeems later. */
    @Test
    void aRefusedGrantRecordsNothing() {
        Redemptions redemptions = newRedemptions();
        String key = freshKey();
        GateVerdict<Integer> refused = redemptions.redeem(key, LATER,
                Grant.stateless(() -> GateVerdict.rejected(RejectionReason.INSUFFICIENT_WORK, "the grant refused")));
        assertThat(refused).isEqualTo(GateVerdict.rejected(RejectionReason.INSUFFICIENT_WORK, "the grant refused"));
        AtomicInteger grants = new AtomicInteger();
        assertThat(redemptions.redeem(key, LATER, counted(grants))).isEqualTo(GateVerdict.accepted(1));
    }

    @Test
    void aGrantThatThrowsRecordsNothing() {
        Redemptions redemptions = newRedemptions();
        String key = freshKey();
        assertThatThrownBy(() -> redemptions.redeem(key, LATER, Grant.stateless(() -> {
            throw new IllegalStateException("the signer broke");
        }))).hasMessageContaining("the signer broke");
        assertThat(redemptions.redeemOnce(key, LATER)).isTrue();
    }

    /**
     * Pruning never removes a live entry: one kept until exactly now stays, one kept until a moment ago goes. Stores
     * that expire entries themselves (Redis) override this with their own expiry check.
     */
    @Test
    protected void pruningForgetsOnlyEntriesWhoseTimeHasPassed() {
        Redemptions redemptions = newRedemptions();
        String gone = freshKey();
        String live = freshKey();
        String later = freshKey();
        long now = 1_760_000_000_000L;
        assertThat(redemptions.redeemOnce(gone, now - 1)).isTrue();
        assertThat(redemptions.redeemOnce(live, now)).isTrue();
        assertThat(redemptions.redeemOnce(later, now + 60_000)).isTrue();

        assertThat(redemptions.forgetExpired(now)).isEqualTo(1);

        assertThat(redemptions.redeemOnce(live, now + 60_000)).isFalse();
        assertThat(redemptions.redeemOnce(later, now + 60_000)).isFalse();
        assertThat(redemptions.redeemOnce(gone, now + 60_000)).as("the expired entry was forgotten").isTrue();
    }

    @Test
    void theKeyIsTheChallengeIdWithItsPrefix() {
        assertThat(Redemptions.challengeKey("abc")).isEqualTo("chal:abc");
    }
}
