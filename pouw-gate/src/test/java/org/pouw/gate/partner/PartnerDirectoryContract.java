package org.pouw.gate.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PartnerDirectory} adapter must do: in memory here; SQLite and PostgreSQL in pouw-store, through
 * this module's test jar.
 */
public abstract class PartnerDirectoryContract {
    protected abstract PartnerDirectory newDirectory();

    @Test
    void aRegisteredPartnerHasItsBudgetAndAnIdIsRegisteredOnce() {
        PartnerDirectory directory = newDirectory();
        assertThat(directory.register("acme", new PartnerBudget(100, 60_000)))
                .isEqualTo(PartnerDirectory.Registered.REGISTERED);
        assertThat(directory.register("acme", new PartnerBudget(5, 1_000)))
                .isEqualTo(PartnerDirectory.Registered.TAKEN);
        assertThat(directory.budgetOf("acme")).contains(new PartnerBudget(100, 60_000));
        assertThat(directory.budgetOf("globex")).isEmpty();
    }

    @Test
    void aBudgetIsSetOnlyForARegisteredPartner() {
        PartnerDirectory directory = newDirectory();
        directory.register("acme", new PartnerBudget(100, 60_000));
        assertThat(directory.setBudget("acme", new PartnerBudget(3, 1_000))).isTrue();
        assertThat(directory.budgetOf("acme")).contains(new PartnerBudget(3, 1_000));
        assertThat(directory.setBudget("globex", new PartnerBudget(3, 1_000))).isFalse();
        assertThat(directory.budgetOf("globex")).isEmpty();
    }

    @Test
    void partnersAreListedById() {
        PartnerDirectory directory = newDirectory();
        directory.register("zeta", new PartnerBudget(1, 1_000));
        directory.register("acme", new PartnerBudget(2, 2_000));
        assertThat(directory.partners()).isEqualTo(List.of(
                new PartnerDirectory.Partner("acme", new PartnerBudget(2, 2_000)),
                new PartnerDirectory.Partner("zeta", new PartnerBudget(1, 1_000))));
    }

    @Test
    void aMalformedIdIsRefusedNamingTheField() {
        PartnerDirectory directory = newDirectory();
        for (String bad : new String[] {"", "Acme", "-acme", "a_b", "a".repeat(64)}) {
            assertThatThrownBy(() -> directory.register(bad, new PartnerBudget(1, 1_000)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partner id");
        }
        assertThat(directory.partners()).isEmpty();
    }
}
