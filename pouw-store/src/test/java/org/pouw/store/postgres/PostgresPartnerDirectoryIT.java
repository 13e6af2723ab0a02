package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerDirectory;
import org.pouw.gate.partner.PartnerDirectoryContract;
import org.pouw.store.GateStores;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.PostgresTestDatabase;

/** {@code SqlPartnerDirectory} on a real PostgreSQL, and two nodes sharing it. */
class PostgresPartnerDirectoryIT extends PartnerDirectoryContract {
    private final OpenStorages storages = new OpenStorages();

    @Override
    protected PartnerDirectory newDirectory() {
        return GateStores.partnerDirectory(storages.open(() -> PostgresTestDatabase.forTestClass(getClass())));
    }

    @AfterEach
    void close() {
        storages.close();
    }

    /** A budget set through one node is the budget the other reads next: nothing is cached. */
    @Test
    void aBudgetSetAtOneNodeIsReadByTheOtherAtOnce() {
        PartnerDirectory first = newDirectory();
        PartnerDirectory second = newDirectory();
        first.register("acme", new PartnerBudget(100, 60_000));
        assertThat(second.budgetOf("acme")).contains(new PartnerBudget(100, 60_000));
        first.setBudget("acme", new PartnerBudget(1, 60_000));
        assertThat(second.budgetOf("acme")).contains(new PartnerBudget(1, 60_000));
        assertThat(second.register("acme", new PartnerBudget(9, 9))).isEqualTo(PartnerDirectory.Registered.TAKEN);
    }
}
