package org.pouw.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.gate.partner.InMemoryPartnerBudgets;
import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.InMemoryRewardPayouts;
import org.pouw.gate.reward.RewardPayouts.Outcome;
import org.pouw.gate.reward.RewardPayouts.RewardClaim;
import org.pouw.gate.reward.RewardRate;

/**
 * The pruner forgets an interval's counts only once every node within the skew has left it: an emission cap or a
 * partner budget forgotten while a node still counts in its interval would be spent twice.
 */
class IntervalCountPrunerTest {
    private static final long MINUTE = 60_000;
    private static final long SKEW = 5_000;
    private static final RewardRate RATE = new RewardRate(10, 10, MINUTE);
    private static final String DID = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    private final SettableClock clock = new SettableClock(10 * MINUTE + 2_000);
    private final InMemoryRewardPayouts payouts = new InMemoryRewardPayouts(new InMemoryRedemptions());
    private final InMemoryPartnerBudgets budgets = new InMemoryPartnerBudgets();

    private Outcome pay(String id, long intervalStart) {
        return payouts.payOnce(new RewardClaim(Redemptions.challengeKey(id), Long.MAX_VALUE, DID, 10,
                "receipt:" + id, intervalStart, RATE.emissionCapPerInterval()));
    }

    @Test
    void anIntervalIsForgottenOnlyWhenItEndedMoreThanTheSkewAgo() {
        payouts.fund(1_000);
        // Three intervals, each paid to its cap: ended 62 s ago, ended 2 s ago (within the skew), and the current one.
        for (long start : new long[] {8 * MINUTE, 9 * MINUTE, 10 * MINUTE}) {
            assertThat(pay("a" + start, start)).isEqualTo(Outcome.PAID);
            assertThat(budgets.tryTake("acme", start, 1, start + MINUTE)).isTrue();
        }
        IntervalCountPruner pruner = new IntervalCountPruner(payouts, Optional.of(RATE), budgets, clock, SKEW);

        assertThat(pruner.pruneOnce()).isEqualTo(new IntervalCountPruner.Pruned(1, 1));
        // The two kept intervals are still spent: a node 5 s behind still counts in the one that ended 2 s ago.
        assertThat(pay("b", 9 * MINUTE)).isEqualTo(Outcome.EMISSION_CAPPED);
        assertThat(pay("c", 10 * MINUTE)).isEqualTo(Outcome.EMISSION_CAPPED);
        assertThat(budgets.tryTake("acme", 9 * MINUTE, 1, 10 * MINUTE)).isFalse();
        assertThat(budgets.tryTake("acme", 10 * MINUTE, 1, 11 * MINUTE)).isFalse();

        clock.set(10 * MINUTE + SKEW);
        assertThat(pruner.pruneOnce()).as("the skew after its end is the instant it may still be counted in")
                .isEqualTo(new IntervalCountPruner.Pruned(1, 0));
        clock.advance(1);
        assertThat(pruner.pruneOnce()).isEqualTo(new IntervalCountPruner.Pruned(0, 1));
        assertThat(pay("e", 10 * MINUTE)).as("the current interval is never forgotten")
                .isEqualTo(Outcome.EMISSION_CAPPED);
    }

    @Test
    void withoutARewardRateOnlyPartnerCountsArePruned() {
        assertThat(budgets.tryTake("acme", 0, 1, MINUTE)).isTrue();
        IntervalCountPruner pruner = new IntervalCountPruner(payouts, Optional.empty(), budgets, clock, SKEW);
        assertThat(pruner.pruneOnce()).isEqualTo(new IntervalCountPruner.Pruned(0, 1));
    }

    @Test
    void aNegativeSkewIsRefusedByName() {
        assertThatThrownBy(() -> new IntervalCountPruner(payouts, Optional.of(RATE), budgets, clock, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gate.clock_skew_ms");
    }
}
