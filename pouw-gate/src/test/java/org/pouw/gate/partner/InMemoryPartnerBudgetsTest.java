package org.pouw.gate.partner;

/** The in-memory adapter under the contract. */
class InMemoryPartnerBudgetsTest extends PartnerBudgetsContract {
    @Override
    protected PartnerBudgets newPartnerBudgets() {
        return new InMemoryPartnerBudgets();
    }
}
