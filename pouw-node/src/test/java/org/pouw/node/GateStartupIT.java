package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.SettableClock;

/** The node's start-up checks of its redemption store (issue 21 §5), over a real SQLite file. */
class GateStartupIT {
    @TempDir
    Path dir;

    @Test
    void aNodeWhoseClockIsFortySecondsOffTheDatabaseRefusesToStart() {
        SettableClock off = new SettableClock(System.currentTimeMillis() - 40_000);
        assertThatThrownBy(() -> new RunningNode(dir.resolve("off"), Map.of("gate.enabled", "true"), off))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the node refuses to start")
                .hasMessageContaining("gate.clock_skew_ms");
    }

    @Test
    void aNodeOnTheSystemClockStartsAndPublishesItsKeys() {
        try (RunningNode node = new RunningNode(dir.resolve("ok"), Map.of("gate.enabled", "true"), Clock.system())) {
            RunningNode.Reply keys = node.get("/v1/gate/keys");
            assertThat(keys.status()).isEqualTo(200);
            assertThat(keys.json().path("token_public_keys").get(0).path("kid").asString()).startsWith("at-");
            assertThat(keys.json().path("challenge_public_key").asString())
                    .isNotEqualTo(keys.json().path("token_public_keys").get(0).path("public_key").asString());
        }
    }
}
