package org.pouw.gate.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The exactly-once rule of issue 21 §2 on the in-memory adapter; the durable adapters will share these tests. */
class RedemptionsTest {
    @Test
    void fiftyConcurrentRedemptionsOfOneChallengeYieldExactlyOneSuccess() throws Exception {
        InMemoryRedemptions redemptions = new InMemoryRedemptions();
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
        long successes = 0;
        for (Future<Boolean> outcome : outcomes) {
            if (outcome.get()) {
                successes++;
            }
        }
        assertThat(successes).isEqualTo(1);
        assertThat(redemptions.size()).isEqualTo(1);
    }

    @Test
    void entriesAreKeptUntilTheirTimeAndNotBefore() {
        InMemoryRedemptions redemptions = new InMemoryRedemptions();
        assertThat(redemptions.redeemOnce("chal:a", 1_000)).isTrue();
        assertThat(redemptions.forgetExpired(1_000)).isZero();
        assertThat(redemptions.redeemOnce("chal:a", 1_000)).isFalse();
        assertThat(redemptions.forgetExpired(1_001)).isEqualTo(1);
    }

    @Test
    void theKeyIsTheChallengeIdWithItsPrefix() {
        assertThat(Redemptions.challengeKey("abc")).isEqualTo("chal:abc");
    }
}
