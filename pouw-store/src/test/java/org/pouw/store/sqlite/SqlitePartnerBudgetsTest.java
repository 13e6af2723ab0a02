package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.partner.PartnerBudgetsContract;
import org.pouw.store.GateStores;
import org.pouw.store.jdbc.SqlPartnerBudgets;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.SqliteTestDatabase;

/** {@code SqlPartnerBudgets} on a real SQLite file, under pouw-gate's contract. */
class SqlitePartnerBudgetsTest extends PartnerBudgetsContract {
    @TempDir
    Path folder;

    private final OpenStorages storages = new OpenStorages();

    @Override
    protected PartnerBudgets newPartnerBudgets() {
        return GateStores.partnerBudgets(storages.open(() -> new SqliteTestDatabase(folder)));
    }

    @AfterEach
    void close() {
        storages.close();
    }

    @Test
    void theCountOfAnIntervalIsReadBack() {
        SqlPartnerBudgets budgets = (SqlPartnerBudgets) newPartnerBudgets();
        budgets.tryTake("acme", 0, 5, 60_000);
        budgets.tryTake("acme", 0, 5, 60_000);
        assertThat(budgets.taken("acme", 0)).isEqualTo(2);
        assertThat(budgets.taken("acme", 60_000)).isZero();
    }

    @Test
    void aLimitBelowOneIsRefusedByName() {
        PartnerBudgets budgets = newPartnerBudgets();
        assertThatThrownBy(() -> budgets.tryTake("acme", 0, 0, 60_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
}
