package org.pouw.node.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.node.config.ConfigLoader;
import org.pouw.node.config.GateSettings;

/** The restore epoch folded into the redemption store's id (issue 24, scenario 6; docs/runbook.md). */
class GateOpeningTest {
    @Test
    void aRestoredSqlStoreGetsAnIdNoChallengeIssuedBeforeTheRestoreNames() {
        GateSettings settings = settings(Map.of("gate.store_id", "main"));
        assertThat(GateOpening.restored(settings, 0).storeId()).as("never restored").isEqualTo("main");
        String first = GateOpening.restored(settings, 0x1234L).storeId();
        String second = GateOpening.restored(settings, 0x5678L).storeId();
        assertThat(first).isEqualTo("main-r0000000000001234");
        assertThat(second).isNotEqualTo(first).isNotEqualTo("main");
    }

    @Test
    void aRedisStoreIsNotRolledBackByADatabaseRestoreAndKeepsItsId() {
        GateSettings settings = settings(Map.of("gate.store_id", "shared", "gate.redemption_store", "redis",
                "gate.redis_url", "redis://127.0.0.1:6379"));
        assertThat(GateOpening.restored(settings, 0x1234L).storeId()).isEqualTo("shared");
    }

    private static GateSettings settings(Map<String, String> overrides) {
        return ConfigLoader.load(null, Map.of(), overrides).gate();
    }
}
