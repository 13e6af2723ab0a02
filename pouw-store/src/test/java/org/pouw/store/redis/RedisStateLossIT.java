package org.pouw.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.Clock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.store.support.RedisServerProcess;

/**
 * The Redis store's restart guard on a real {@code redis-server} (docs/failures.md, "Nonce-store loss"): a key
 * redeemed before Redis lost its state — restarted empty, or from a snapshot older than the key — is refused as
 * {@code replayed}, while a key first presentable after the restart is redeemed. Each loss is also run without the
 * guard ({@link Redemptions#PRESENTABLE_ANY_TIME}), which grants the lost key again: the replay the guard stops.
 */
class RedisStateLossIT {
    /** Small, so the test need not wait long after Redis starts; the node's default is 5 s. */
    private static final long SKEW_MS = 200;

    private RedisServerProcess redis;
    private RedisRedemptions store;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start("--maxmemory-policy", "noeviction");
        store = new RedisRedemptions(RedisRedemptions.client(redis.url()), Clock.system(), SKEW_MS);
    }

    @AfterEach
    void stop() {
        store.close();
        redis.close();
    }

    @Test
    void aKeyRedeemedBeforeAnEmptyRestartIsNotGrantedAgain() throws Exception {
        awaitPastTheServersStart();
        long presentable = System.currentTimeMillis();
        String key = freshKey();
        String unguarded = freshKey();
        assertThat(redeem(key, presentable)).isInstanceOf(GateVerdict.Accepted.class);
        assertThat(redeem(unguarded, Redemptions.PRESENTABLE_ANY_TIME)).isInstanceOf(GateVerdict.Accepted.class);
        redis.kill();
        redis.startAgainEmpty();
        GateVerdict<Boolean> replay = redeemAfterReconnect(key, presentable);
        assertThat(replay).isInstanceOf(GateVerdict.Rejected.class);
        assertThat(((GateVerdict.Rejected<Boolean>) replay).reason()).isEqualTo(RejectionReason.REPLAYED);
        assertThat(((GateVerdict.Rejected<Boolean>) replay).detail()).contains("lost");
        // The control: a key redeemed without its presentable-from time is granted again after the same loss.
        assertThat(redeem(unguarded, Redemptions.PRESENTABLE_ANY_TIME)).isInstanceOf(GateVerdict.Accepted.class);
        // A key first presentable after the restart (and the skew) is redeemed, once.
        awaitPastTheServersStart();
        long fresh = System.currentTimeMillis();
        String later = freshKey();
        assertThat(redeem(later, fresh)).isInstanceOf(GateVerdict.Accepted.class);
        assertThat(redeem(later, fresh)).isInstanceOf(GateVerdict.Rejected.class);
    }

    @Test
    void aKeyRedeemedAfterTheSnapshotARestartLoadsIsNotGrantedAgain() throws Exception {
        awaitPastTheServersStart();
        long presentable = System.currentTimeMillis();
        String beforeSnapshot = freshKey();
        String afterSnapshot = freshKey();
        String unguarded = freshKey();
        assertThat(redeem(beforeSnapshot, presentable)).isInstanceOf(GateVerdict.Accepted.class);
        redis.snapshot();
        assertThat(redeem(afterSnapshot, presentable)).isInstanceOf(GateVerdict.Accepted.class);
        assertThat(redeem(unguarded, Redemptions.PRESENTABLE_ANY_TIME)).isInstanceOf(GateVerdict.Accepted.class);
        redis.kill();
        redis.startAgain(); // from the snapshot: the first key and the state record of the old run are back
        assertThat(redeemAfterReconnect(beforeSnapshot, presentable)).isInstanceOf(GateVerdict.Rejected.class);
        GateVerdict<Boolean> replay = redeem(afterSnapshot, presentable);
        assertThat(replay).as("the snapshot lost this key's redemption").isInstanceOf(GateVerdict.Rejected.class);
        assertThat(((GateVerdict.Rejected<Boolean>) replay).reason()).isEqualTo(RejectionReason.REPLAYED);
        assertThat(redeem(unguarded, Redemptions.PRESENTABLE_ANY_TIME)).as("without the guard, a replay")
                .isInstanceOf(GateVerdict.Accepted.class);
        // The old run's record does not vouch for this run: its state began at the first call that saw it.
        Thread.sleep(2 * SKEW_MS);
        String later = freshKey();
        assertThat(redeem(later, System.currentTimeMillis())).isInstanceOf(GateVerdict.Accepted.class);
    }

    private GateVerdict<Boolean> redeem(String key, long presentableFrom) {
        return store.redeem(key, presentableFrom, System.currentTimeMillis() + 60_000,
                Grant.stateless(() -> GateVerdict.accepted(true)));
    }

    /** The first call after a restart may find its pooled connection broken by the kill; the next reconnects. */
    private GateVerdict<Boolean> redeemAfterReconnect(String key, long presentableFrom) {
        for (int i = 0; i < 5; i++) {
            GateVerdict<Boolean> verdict = redeem(key, presentableFrom);
            if (!(verdict instanceof GateVerdict.Rejected<Boolean> refused)
                    || refused.reason() != RejectionReason.STORE_UNAVAILABLE) {
                return verdict;
            }
        }
        throw new AssertionError("Redis did not answer after its restart");
    }

    /**
     * Waits until a key presentable now is past the server's start plus the skew (the store takes the start as up to
     * two seconds later than it was), as it is for every challenge issued once Redis has run for a few seconds.
     */
    private static void awaitPastTheServersStart() throws InterruptedException {
        Thread.sleep(2_000 + 2 * SKEW_MS);
    }

    private static String freshKey() {
        return Redemptions.challengeKey(UUID.randomUUID().toString().replace("-", ""));
    }
}
