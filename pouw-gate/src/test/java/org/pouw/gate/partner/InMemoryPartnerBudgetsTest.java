package org.pouw.gate.partner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The in-memory adapter under the contract, and its own forgetting rule. */
class InMemoryPartnerBudgetsTest extends PartnerBudgetsContract {
    @Override
    protected PartnerBudgets newPartnerBudgets() {
        return new InMemoryPartnerBudgets();
    }

    @Test
    void pastIntervalsAreForgottenAndTheCurrentOneKept() {
        InMemoryPartnerBudgets budgets = new InMemoryPartnerBudgets();
        budgets.tryTake("acme", 0, 1, 60_000);
        budgets.tryTake("acme", 60_000, 1, 120_000);
        assertThat(budgets.forgetBefore(60_000)).isEqualTo(1);
        assertThat(budgets.tryTake("acme", 60_000, 1, 120_000)).isFalse();
    }
}
