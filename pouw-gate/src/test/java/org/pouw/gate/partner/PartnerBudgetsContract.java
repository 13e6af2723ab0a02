package org.pouw.gate.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link PartnerBudgets} adapter must do: in memory here; the durable ones in pouw-store. */
public abstract class PartnerBudgetsContract {
    protected abstract PartnerBudgets newPartnerBudgets();

    @Test
    void aBudgetGivesExactlyItsLimitPerInterval() {
        PartnerBudgets budgets = newPartnerBudgets();
        for (int i = 0; i < 3; i++) {
            assertThat(budgets.tryTake("acme", 0, 3, 60_000)).isTrue();
        }
        assertThat(budgets.tryTake("acme", 0, 3, 60_000)).isFalse();
        assertThat(budgets.tryTake("acme", 0, 3, 60_000)).isFalse();
        // The next interval starts afresh; another partner never shared acme's count.
        assertThat(budgets.tryTake("acme", 60_000, 3, 120_000)).isTrue();
        assertThat(budgets.tryTake("globex", 0, 3, 60_000)).isTrue();
    }

    /**
     * A count is forgotten only after its keep-until time: before, a spent budget stays spent; after, the interval's
     * row is gone (a store that expires counts itself overrides this).
     */
    @Test
    protected void aCountIsForgottenOnlyAfterItsKeepUntilTime() {
        PartnerBudgets budgets = newPartnerBudgets();
        assertThat(budgets.tryTake("acme", 0, 1, 60_000)).isTrue();
        assertThat(budgets.tryTake("acme", 60_000, 1, 120_000)).isTrue();
        assertThat(budgets.forgetExpired(60_000)).as("kept until the very instant").isZero();
        assertThat(budgets.tryTake("acme", 0, 1, 60_000)).as("still spent").isFalse();
        assertThat(budgets.forgetExpired(60_001)).isEqualTo(1);
        assertThat(budgets.tryTake("acme", 60_000, 1, 120_000)).as("the live interval is still spent").isFalse();
    }

    @Test
    void fiftyConcurrentTakesFromABudgetOfTenYieldTen() throws Exception {
        PartnerBudgets budgets = newPartnerBudgets();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return budgets.tryTake("acme", 0, 10, 60_000);
                }));
            }
            start.countDown();
        }
        int taken = 0;
        for (Future<Boolean> outcome : outcomes) {
            if (outcome.get()) {
                taken++;
            }
        }
        assertThat(taken).isEqualTo(10);
    }
}
