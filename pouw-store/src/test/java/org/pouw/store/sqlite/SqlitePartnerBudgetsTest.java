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
    void aCountIsForgottenOnlyAfterItsKeepUntilTime() {
        SqlPartnerBudgets budgets = (SqlPartnerBudgets) newPartnerBudgets();
        assertThat(budgets.tryTake("acme", 0, 1, 60_000)).isTrue();
        assertThat(budgets.forgetExpired(60_000)).isZero();
        assertThat(budgets.tryTake("acme", 0, 1, 60_000)).isFalse();
        assertThat(budgets.forgetExpired(60_001)).isEqualTo(1);
    }

    @Test
    void aLimitBelowOneIsRefusedByName() {
        PartnerBudgets budgets = newPartnerBudgets();
        assertThatThrownBy(() -> budgets.tryTake("acme", 0, 0, 60_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
}
