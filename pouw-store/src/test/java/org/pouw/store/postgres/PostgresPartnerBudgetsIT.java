package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.port.Storage;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.partner.PartnerBudgetsContract;
import org.pouw.store.GateStores;
import org.pouw.store.support.ConcurrentCalls;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.PostgresTestDatabase;

/** {@code SqlPartnerBudgets} on a real PostgreSQL, and two nodes sharing it. */
class PostgresPartnerBudgetsIT extends PartnerBudgetsContract {
    /** Sixteen writers per node, so fifty simultaneous takes wait for a connection instead of being refused busy. */
    private static PostgresTestDatabase shared;

    private final OpenStorages storages = new OpenStorages();

    private Storage node() {
        return storages.open(() -> {
            if (shared == null) {
                shared = new PostgresTestDatabase(16);
            } else {
                shared.empty();
            }
            return shared;
        });
    }

    @Override
    protected PartnerBudgets newPartnerBudgets() {
        return GateStores.partnerBudgets(node());
    }

    @AfterEach
    void close() {
        storages.close();
    }

    @Test
    void fiftyTakesAcrossTwoNodesFromABudgetOfTenYieldTen() throws Exception {
        List<PartnerBudgets> nodes = List.of(newPartnerBudgets(), newPartnerBudgets());
        List<Boolean> taken = ConcurrentCalls.run(50, i -> () -> nodes.get(i % 2).tryTake("acme", 0, 10, 60_000));
        assertThat(taken.stream().filter(Boolean::booleanValue).count()).isEqualTo(10);
    }
}
