package org.pouw.gate.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Redemptions} adapter must do (issue 21 §2, §5), run against each by a subclass: in memory here;
 * SQLite, PostgreSQL and Redis in pouw-store later, through this module's test jar (STYLE.md: one port, one abstract
 * contract test, one subclass per adapter).
 */
public abstract class RedemptionsContract {
    /** A fresh, empty store for one test. */
    protected abstract Redemptions newRedemptions();

    @Test
    void fiftyConcurrentRedemptionsOfOneChallengeYieldExactlyOneSuccess() throws Exception {
        Redemptions redemptions = newRedemptions();
        String key = Redemptions.challengeKey("9f86d081884c7d659a2feaa0c55ad015");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return redemptions.redeemOnce(key, 1_000);
                }));
            }
            start.countDown();
        }
        int successes = 0;
        for (Future<Boolean> outcome : outcomes) {
            if (outcome.get()) {
                successes++;
            }
        }
        assertThat(successes).isEqualTo(1);
    }

    @Test
    void aRedeemedKeyIsRefusedEveryTimeAfter() {
        Redemptions redemptions = newRedemptions();
        assertThat(redemptions.redeemOnce("chal:a", 1_000)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(redemptions.redeemOnce("chal:a", 2_000)).isFalse();
        }
    }

    @Test
    void distinctChallengesAreRedeemedIndependently() {
        Redemptions redemptions = newRedemptions();
        assertThat(redemptions.redeemOnce("chal:a", 1_000)).isTrue();
        assertThat(redemptions.redeemOnce("chal:b", 1_000)).isTrue();
        assertThat(redemptions.redeemOnce("chal:b", 1_000)).isFalse();
    }

    @Test
    void theKeyIsTheChallengeIdWithItsPrefix() {
        assertThat(Redemptions.challengeKey("abc")).isEqualTo("chal:abc");
    }
}
