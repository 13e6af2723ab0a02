package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.port.Storage;
import org.pouw.gate.redeem.FailModeRedemptions;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.store.RedemptionStores;
import org.pouw.store.support.SqliteTestDatabase;

/** Issue 21 §5: a node whose clock is 40 s off its database's refuses to start; one within the skew starts. */
class SqliteRedemptionStartupTest {
    @TempDir
    Path folder;

    @Test
    void aNodeClockFortySecondsOffTheDatabaseRefusesToStart() {
        try (Storage storage = new SqliteTestDatabase(folder).open()) {
            for (long off : new long[] {40_000, -40_000}) {
                SettableClock clock = new SettableClock(System.currentTimeMillis() + off);
                assertThatThrownBy(() -> RedemptionStores.open(RedemptionSettings.defaults(), storage, clock))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("the sqlite database")
                        .hasMessageContaining("gate.clock_skew_ms = 5000");
            }
            FailModeRedemptions started = RedemptionStores.open(RedemptionSettings.defaults(), storage,
                    new SettableClock(System.currentTimeMillis() - 2_000));
            assertThat(started.redeemOnce("chal:a", Long.MAX_VALUE)).isTrue();
            assertThat(started.redeemOnce("chal:a", Long.MAX_VALUE)).isFalse();
        }
    }
}
