package org.pouw.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.Clock;
import org.pouw.core.SettableClock;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.partner.PartnerBudgetsContract;
import org.pouw.gate.redeem.RedemptionStoreUnavailableException;
import org.pouw.store.support.ConcurrentCalls;
import org.pouw.store.support.RedisServerProcess;

/**
 * {@link RedisPartnerBudgets} on a real Redis server under pouw-gate's contract, two nodes' clients sharing one
 * server, and what is Redis's own: counts expire by {@code PEXPIRE}, and a Redis that may evict is refused.
 */
class RedisPartnerBudgetsIT extends PartnerBudgetsContract {
    private static final long SKEW_MS = 5_000;
    /** The contract's intervals start at the epoch, so its clients' clocks do too. */
    private final SettableClock contractClock = new SettableClock(0);
    private final List<RedisPartnerBudgets> opened = new ArrayList<>();
    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() {
        opened.forEach(RedisPartnerBudgets::close);
        redis.close();
    }

    private RedisPartnerBudgets client(Clock clock) {
        RedisPartnerBudgets budgets = new RedisPartnerBudgets(RedisRedemptions.client(redis.url()), clock, SKEW_MS);
        opened.add(budgets);
        return budgets;
    }

    @Override
    protected PartnerBudgets newPartnerBudgets() {
        return client(contractClock);
    }

    @Test
    void fiftyTakesAcrossTwoNodesFromABudgetOfTenYieldTen() throws Exception {
        List<PartnerBudgets> nodes = List.of(newPartnerBudgets(), newPartnerBudgets());
        List<Boolean> taken = ConcurrentCalls.run(50, i -> () -> nodes.get(i % 2).tryTake("acme", 0, 10, 60_000));
        assertThat(taken.stream().filter(Boolean::booleanValue).count()).isEqualTo(10);
    }

    /**
     * Redis forgets a count itself: its time to live is the time left to keep-until plus the skew, set once by the
     * take that made it, and nothing is pruned by the node.
     */
    @Test
    @Override
    protected void aCountIsForgottenOnlyAfterItsKeepUntilTime() {
        RedisPartnerBudgets budgets = client(contractClock);
        assertThat(budgets.tryTake("acme", 0, 2, 60_000)).isTrue();
        assertThat(budgets.millisToLive("acme", 0)).isBetween(60_000 + SKEW_MS - 2_000, 60_000 + SKEW_MS);
        contractClock.set(30_000);
        assertThat(budgets.tryTake("acme", 0, 2, 60_000)).isTrue();
        assertThat(budgets.millisToLive("acme", 0)).as("a later take does not push the expiry out")
                .isBetween(60_000 + SKEW_MS - 2_000, 60_000 + SKEW_MS);
        assertThat(budgets.forgetExpired(Long.MAX_VALUE)).isZero();
        assertThat(budgets.tryTake("acme", 0, 2, 60_000)).as("still spent").isFalse();
        assertThat(budgets.millisToLive("acme", 60_000)).as("a refusal writes nothing").isEqualTo(-2);
    }

    @Test
    void aSpentCountExpiresOnRedisAfterItsIntervalAndTheSkew() throws InterruptedException {
        RedisPartnerBudgets budgets = client(contractClock);
        // Kept until 200 ms before the skew runs out: Redis drops the key about 200 ms from now.
        assertThat(budgets.tryTake("acme", 0, 1, -SKEW_MS + 200)).isTrue();
        assertThat(budgets.tryTake("acme", 0, 1, -SKEW_MS + 200)).isFalse();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (budgets.millisToLive("acme", 0) != -2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(budgets.tryTake("acme", 0, 1, 60_000)).isTrue();
    }

    @Test
    void partnersWhoseNamesLookLikeKeysNeverShareACount() {
        RedisPartnerBudgets budgets = client(contractClock);
        assertThat(budgets.tryTake("1:acme", 0, 1, 60_000)).isTrue();
        assertThat(budgets.tryTake("acme", 1, 1, 60_000)).isTrue();
        assertThat(budgets.tryTake("0:1:acme", 0, 1, 60_000)).isTrue();
    }

    @Test
    void aRedisThatMayEvictCountsIsRefusedAtOpen() {
        try (RedisServerProcess evicting = RedisServerProcess.start("--maxmemory-policy", "allkeys-lru")) {
            assertThatThrownBy(() -> RedisPartnerBudgets.open(evicting.url(), Clock.system(), SKEW_MS))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("noeviction");
        }
        RedisPartnerBudgets.open(redis.url(), Clock.system(), SKEW_MS).close();
    }

    @Test
    void anUnreachableRedisIsAStoreOutageNotASpentBudget() {
        RedisPartnerBudgets budgets = client(contractClock);
        redis.kill();
        assertThatThrownBy(() -> budgets.tryTake("acme", 0, 1, 60_000))
                .isInstanceOf(RedemptionStoreUnavailableException.class).hasMessageContaining("unreachable");
    }

    @Test
    void aLimitBelowOneIsRefusedByName() {
        assertThatThrownBy(() -> client(contractClock).tryTake("acme", 0, 0, 60_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
}
