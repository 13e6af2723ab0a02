package org.pouw.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pouw.core.Clock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.redeem.RedemptionsContract;
import org.pouw.store.support.RedisServerProcess;

/** pouw-gate's redemption contract on a real Redis server, and what is Redis's own: expiry by {@code PX}. */
class RedisRedemptionsIT extends RedemptionsContract {
    static final long SKEW_MS = 5_000;
    private static RedisServerProcess redis;
    private final List<RedisRedemptions> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeClients() {
        opened.forEach(RedisRedemptions::close);
    }

    @Override
    protected Redemptions newRedemptions() {
        return open();
    }

    private RedisRedemptions open() {
        RedisRedemptions store = RedisRedemptions.open(redis.url(), Clock.system(), SKEW_MS);
        opened.add(store);
        return store;
    }

    /**
     * Redis forgets entries itself: the key's time to live is the time left to keep-until plus the skew once more,
     * so it outlives the challenge on every node within the skew; nothing is pruned by the node.
     */
    @Test
    @Override
    protected void pruningForgetsOnlyEntriesWhoseTimeHasPassed() {
        RedisRedemptions store = open();
        String key = freshKey();
        long keepUntil = System.currentTimeMillis() + 60_000;
        assertThat(store.redeemOnce(key, keepUntil)).isTrue();
        long ttl = store.millisToLive(key);
        assertThat(ttl).isBetween(60_000 + SKEW_MS - 2_000, 60_000 + SKEW_MS);
        assertThat(store.forgetExpired(Long.MAX_VALUE)).isZero();
        assertThat(store.redeemOnce(key, keepUntil)).isFalse();
    }

    /** Two nodes' clients on one Redis: fifty redemptions spread over both, one success. */
    @Test
    void fiftyRedemptionsAcrossTwoClientsYieldOneSuccess() throws Exception {
        RedisRedemptions first = open();
        RedisRedemptions second = open();
        String key = freshKey();
        java.util.concurrent.atomic.AtomicInteger grants = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<GateVerdict<Integer>>> outcomes = new ArrayList<>();
        try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                RedisRedemptions store = i % 2 == 0 ? first : second;
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return store.redeem(key, LATER, counted(grants));
                }));
            }
            start.countDown();
        }
        long accepted = 0;
        for (var outcome : outcomes) {
            accepted += outcome.get().isAccepted() ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(1);
        assertThat(grants).hasValue(1);
    }

    /** Money moves only in the ledger's transaction, which Redis can not join: a reward here is a wiring error. */
    @Test
    void aRewardCanNotRedeemInRedis() {
        RedisRedemptions store = open();
        String key = freshKey();
        assertThatThrownBy(() -> store.redeem(key, LATER, Grant.reward(tx -> GateVerdict.accepted(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQL ledger");
        assertThat(store.millisToLive(key)).as("nothing was written").isEqualTo(-2);
    }
}
