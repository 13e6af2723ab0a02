package org.pouw.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.FailMode;
import org.pouw.gate.redeem.FailModeRedemptions;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.store.support.RedisServerProcess;

/**
 * Issue 21 §5 on a real Redis that dies: two nodes in {@code fail_open} share it; node A issued the challenge. The
 * clocks are settable (started at the real time, so the start-up clock check passes) and turned past the window.
 */
class RedisFailOpenIT {
    private static final long SKEW_MS = 5_000;
    private static final long WINDOW_MS = 30_000;
    private RedisServerProcess redis;
    private RedisRedemptions storeA;
    private RedisRedemptions storeB;
    private final SettableClock clockA = new SettableClock(System.currentTimeMillis());
    private final SettableClock clockB = new SettableClock(System.currentTimeMillis());
    private final AtomicInteger tokens = new AtomicInteger();

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        storeA = RedisRedemptions.open(redis.url(), clockA, SKEW_MS);
        storeB = RedisRedemptions.open(redis.url(), clockB, SKEW_MS);
    }

    @AfterEach
    void stop() {
        storeA.close();
        storeB.close();
        redis.close();
    }

    private FailModeRedemptions node(RedisRedemptions store, SettableClock clock, FailMode mode) {
        return new FailModeRedemptions(store, new RedemptionSettings(RedemptionSettings.REDIS, redis.url(), SKEW_MS,
                mode, WINDOW_MS, 100), clock);
    }

    private GateVerdict<Integer> token(Redemptions node, String challengeId, long keepUntil) {
        return node.redeem(Redemptions.challengeKey(challengeId), keepUntil,
                Grant.stateless(() -> GateVerdict.accepted(tokens.incrementAndGet())));
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        return verdict instanceof GateVerdict.Rejected<?> rejected ? rejected.reason() : null;
    }

    @Test
    void acrossTwoNodesInFailOpenOneReceiptYieldsOneTokenAndTheStoresReturnEndsIt() {
        FailModeRedemptions nodeA = node(storeA, clockA, FailMode.FAIL_OPEN);
        FailModeRedemptions nodeB = node(storeB, clockB, FailMode.FAIL_OPEN);
        long keepUntil = clockA.millis() + 10 * 60_000 + SKEW_MS;
        nodeA.issued("c1", keepUntil);

        redis.kill();
        assertThat(reason(token(nodeA, "c1", keepUntil))).as("a blip is not an outage")
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(reason(token(nodeB, "c1", keepUntil))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        clockA.advance(WINDOW_MS);
        clockB.advance(WINDOW_MS);

        // The one receipt, sent to both nodes (and again): one token in all.
        assertThat(token(nodeA, "c1", keepUntil).isAccepted()).isTrue();
        assertThat(reason(token(nodeB, "c1", keepUntil))).as("B did not issue it")
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(reason(token(nodeA, "c1", keepUntil))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(tokens).hasValue(1);
        assertThat(nodeA.state()).isEqualTo(FailModeRedemptions.State.FAIL_OPEN);
        assertThat(nodeB.state()).isEqualTo(FailModeRedemptions.State.FAIL_OPEN);
        assertThat(nodeA.failOpenGrants()).isEqualTo(1);

        // The store comes back (empty: it kept nothing on disk). A's next call writes c1 to it and leaves fail-open.
        redis.startAgain();
        nodeA.issued("c2", keepUntil);
        assertThat(token(nodeA, "c2", keepUntil).isAccepted()).isTrue();
        assertThat(nodeA.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
        // B saw the outage: it holds a challenge it did not issue for the settling time, then finds it in Redis.
        assertThat(reason(token(nodeB, "c1", keepUntil))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(nodeB.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
        clockB.advance(FailModeRedemptions.SETTLE_MS);
        assertThat(reason(token(nodeB, "c1", keepUntil))).as("c1 is in Redis now")
                .isEqualTo(RejectionReason.REPLAYED);
        assertThat(tokens).hasValue(2);
    }

    /**
     * The window after Redis returns, closed: B's store watch sees Redis back before A has written back the
     * challenge it redeemed in memory. Without the hold B would redeem c1 in the empty Redis and grant a second
     * token. With it, B answers {@code store_unavailable}; A's watch turn writes c1 to Redis (its key is there, with
     * its time to live); after the settling time B finds it replayed. One token in all.
     */
    @Test
    void whenTheOtherNodeSeesRedisBackFirstItWaitsForTheIssuersWriteBack() {
        FailModeRedemptions nodeA = node(storeA, clockA, FailMode.FAIL_OPEN);
        FailModeRedemptions nodeB = node(storeB, clockB, FailMode.FAIL_OPEN);
        long keepUntil = clockA.millis() + 10 * 60_000 + SKEW_MS;
        nodeA.issued("c1", keepUntil);

        redis.kill();
        nodeA.watchOnce();
        nodeB.watchOnce();
        assertThat(nodeB.state()).as("B's watch saw the outage").isEqualTo(FailModeRedemptions.State.FAILING);
        clockA.advance(WINDOW_MS);
        clockB.advance(WINDOW_MS);
        assertThat(token(nodeA, "c1", keepUntil).isAccepted()).isTrue();

        redis.startAgain();
        nodeB.watchOnce();
        assertThat(reason(token(nodeB, "c1", keepUntil))).as("A has not written c1 back yet")
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(storeA.millisToLive("chal:c1")).as("nothing reached Redis for B").isEqualTo(-2);

        nodeA.watchOnce();
        assertThat(nodeA.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
        assertThat(storeA.millisToLive("chal:c1")).as("A wrote its memory back on its watch's turn").isPositive();
        clockB.advance(FailModeRedemptions.SETTLE_MS);
        assertThat(reason(token(nodeB, "c1", keepUntil))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(tokens).hasValue(1);
    }

    /** Fifty concurrent sends of one receipt to each of the two nodes, all in fail-open: one token in all. */
    @Test
    void fiftyConcurrentRedemptionsAtEachNodeInFailOpenYieldOneToken() throws Exception {
        FailModeRedemptions nodeA = node(storeA, clockA, FailMode.FAIL_OPEN);
        FailModeRedemptions nodeB = node(storeB, clockB, FailMode.FAIL_OPEN);
        long keepUntil = clockA.millis() + 10 * 60_000 + SKEW_MS;
        nodeA.issued("c1", keepUntil);
        redis.kill();
        token(nodeA, "probe", keepUntil);
        token(nodeB, "probe", keepUntil);
        clockA.advance(WINDOW_MS);
        clockB.advance(WINDOW_MS);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<GateVerdict<Integer>>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(100)) {
            for (int i = 0; i < 100; i++) {
                FailModeRedemptions node = i % 2 == 0 ? nodeA : nodeB;
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return token(node, "c1", keepUntil);
                }));
            }
            start.countDown();
        }
        int accepted = 0;
        for (Future<GateVerdict<Integer>> outcome : outcomes) {
            accepted += outcome.get().isAccepted() ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(1);
        assertThat(tokens).hasValue(1);
    }

    @Test
    void failSafeRefusesWhileRedisIsDownAndRedeemsOnceItIsBack() {
        FailModeRedemptions node = node(storeA, clockA, FailMode.FAIL_SAFE);
        long keepUntil = clockA.millis() + 10 * 60_000 + SKEW_MS;
        node.issued("c1", keepUntil);
        redis.kill();
        clockA.advance(10 * WINDOW_MS);
        assertThat(reason(token(node, "c1", keepUntil))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(tokens).hasValue(0);

        redis.startAgain();
        assertThat(token(node, "c1", keepUntil).isAccepted()).isTrue();
        assertThat(reason(token(node, "c1", keepUntil))).isEqualTo(RejectionReason.REPLAYED);
    }
}
