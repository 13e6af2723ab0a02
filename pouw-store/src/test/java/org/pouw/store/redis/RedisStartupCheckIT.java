package org.pouw.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.Clock;
import org.pouw.core.SettableClock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.store.support.RedisServerProcess;
import redis.clients.jedis.RedisClient;

/**
 * Issue 21 §5's start-up checks on real Redis servers: a Redis that may evict redemptions, or whose clock is 40 s
 * from the node's, is refused; a full Redis under {@code noeviction} refuses redemptions and never accepts a replay.
 */
class RedisStartupCheckIT {
    private static final long SKEW_MS = 5_000;
    private static final long HOUR = 3_600_000;

    /** The attack first: under volatile-lru a full Redis evicts redemptions, and a replay is accepted. */
    @Test
    void underVolatileLruAFullRedisForgetsRedemptionsSoTheNodeRefusesToStart() {
        try (RedisServerProcess redis = RedisServerProcess.start("--maxmemory-policy",
                "volatile-lru")) {
            limitMemoryToWhatItUsesPlus(redis, 1 << 20);
            assertThatThrownBy(() -> RedisRedemptions.open(redis.url(), Clock.system(), SKEW_MS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("maxmemory-policy volatile-lru")
                    .hasMessageContaining("noeviction");

            // What the check prevents: the same store without it, filled up, forgets the first redemption.
            try (RedisRedemptions unchecked = new RedisRedemptions(RedisRedemptions.client(redis.url()),
                    Clock.system(), SKEW_MS)) {
                String first = Redemptions.challengeKey("first");
                long keep = System.currentTimeMillis() + HOUR;
                assertThat(unchecked.redeemOnce(first, keep)).isTrue();
                for (int i = 0; i < 200_000 && unchecked.millisToLive(first) != -2; i++) {
                    unchecked.redeemOnce(Redemptions.challengeKey("filler-" + i + "-" + "x".repeat(64)), keep);
                }
                assertThat(unchecked.redeemOnce(first, keep)).as("the evicted redemption redeems again").isTrue();
            }
        }
    }

    @Test
    void aFullRedisUnderNoevictionRefusesRedemptionsAndNeverAcceptsAReplay() {
        try (RedisServerProcess redis = RedisServerProcess.start("--maxmemory-policy", "noeviction");
             RedisRedemptions store = RedisRedemptions.open(redis.url(), Clock.system(), SKEW_MS)) {
            limitMemoryToWhatItUsesPlus(redis, 1 << 20);
            long keep = System.currentTimeMillis() + HOUR;
            List<String> redeemed = new ArrayList<>();
            GateVerdict<Boolean> last = null;
            for (int i = 0; i < 200_000; i++) {
                String key = Redemptions.challengeKey("c-" + i + "-" + "x".repeat(64));
                last = store.redeem(key, keep, Grant.stateless(() -> GateVerdict.accepted(true)));
                if (!last.isAccepted()) {
                    break;
                }
                redeemed.add(key);
            }
            assertThat(last).isInstanceOf(GateVerdict.Rejected.class);
            assertThat(((GateVerdict.Rejected<Boolean>) last).reason()).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
            assertThat(((GateVerdict.Rejected<Boolean>) last).detail()).contains("OOM");
            List<String> samples = List.of(redeemed.getFirst(), redeemed.get(redeemed.size() / 2), redeemed.getLast());
            for (String key : samples) {
                // Full, Redis refuses even the SET NX of a present key: refused either way, never granted.
                GateVerdict<Boolean> replay = store.redeem(key, keep,
                        Grant.stateless(() -> GateVerdict.accepted(true)));
                assertThat(replay.isAccepted()).as("a replay of %s on a full Redis", key).isFalse();
            }
            try (RedisClient client = RedisRedemptions.client(redis.url())) {
                client.configSet("maxmemory", "0");
            }
            for (String key : samples) {
                assertThat(store.redeemOnce(key, keep)).as("a replay of %s once there is room", key).isFalse();
            }
        }
    }

    /** A low {@code maxmemory}: one MiB above what the empty server uses already (its baseline varies by build). */
    private static void limitMemoryToWhatItUsesPlus(RedisServerProcess redis, long bytes) {
        try (RedisClient client = RedisRedemptions.client(redis.url())) {
            long used = 0;
            for (String line : client.info("memory").split("\r?\n")) {
                if (line.startsWith("used_memory:")) {
                    used = Long.parseLong(line.substring("used_memory:".length()).trim());
                }
            }
            assertThat(used).as("used_memory from INFO").isPositive();
            client.configSet("maxmemory", Long.toString(used + bytes));
        }
    }

    @Test
    void aNodeClockFortySecondsOffRedisRefusesToStart() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            for (long off : new long[] {40_000, -40_000}) {
                SettableClock clock = new SettableClock(System.currentTimeMillis() + off);
                assertThatThrownBy(() -> RedisRedemptions.open(redis.url(), clock, SKEW_MS))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("gate.clock_skew_ms = 5000")
                        .hasMessageContaining("Redis at " + redis.url());
            }
            SettableClock close = new SettableClock(System.currentTimeMillis() + 1_000);
            RedisRedemptions.open(redis.url(), close, SKEW_MS).close();
        }
    }
}
