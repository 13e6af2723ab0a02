package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.store.RedemptionStores;
import org.pouw.store.contract.SqlRedemptionsContract;
import org.pouw.store.jdbc.SqlRedemptions;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresRedemptionsIT extends SqlRedemptionsContract {
    /**
     * Sixteen writer connections per node, so fifty simultaneous redemptions wait for a connection rather than being
     * turned away as "busy" (eight waiters per connection), which is the edge's backpressure, not a replay.
     */
    private static PostgresTestDatabase shared;

    @Override
    protected TestDatabase newDatabase() {
        if (shared == null) {
            shared = new PostgresTestDatabase(16);
        } else {
            shared.empty();
        }
        return shared;
    }

    @Test
    void aNodeClockFortySecondsOffThePostgresClockRefusesToStart() {
        redemptions();
        for (long off : new long[] {40_000, -40_000}) {
            SettableClock clock = new SettableClock(System.currentTimeMillis() + off);
            assertThatThrownBy(() -> RedemptionStores.open(RedemptionSettings.defaults(), storage(), clock))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the postgresql database")
                    .hasMessageContaining("gate.clock_skew_ms = 5000");
        }
        assertThat(RedemptionStores.open(RedemptionSettings.defaults(), storage(),
                new SettableClock(System.currentTimeMillis() + 2_000)).redeemOnce(freshKey(), LATER)).isTrue();
    }

    /** Two nodes on one PostgreSQL, fifty redemptions of one challenge spread over both: one payment in all. */
    @Test
    void fiftyRedemptionsAcrossTwoNodesOnOneDatabasePayOnce() throws Exception {
        SqlRedemptions first = redemptions();
        SqlRedemptions second = redemptions();
        fundPool(1_000);
        String key = freshKey();
        assertThat(accepted(concurrently(50, List.of(first, second), key))).isEqualTo(1);
        assertThat(balance(CLIENT)).isEqualTo(7);
    }
}
