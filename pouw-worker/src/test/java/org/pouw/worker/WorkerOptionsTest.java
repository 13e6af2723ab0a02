package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;

class WorkerOptionsTest {
    private final WorkerOptions defaults =
            WorkerOptions.defaults(URI.create("http://127.0.0.1:8080"), Ed25519.KeyPair.generate());

    @Test
    void defaultsAreSensibleForOneWorkerOnOneMachine() {
        assertThat(defaults.concurrency()).isEqualTo(1);
        assertThat(defaults.tiers()).isEmpty();
        assertThat(defaults.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.renewIntervalMs()).isEqualTo(20_000);
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThatThrownBy(() -> defaults.withConcurrency(0)).hasMessage("concurrency must be >= 1, got 0");
        assertThatThrownBy(() -> defaults.withLeaseMs(5)).hasMessage("lease_ms must be >= 100, got 5");
        assertThatThrownBy(() -> defaults.withTiers(List.of("huge")))
                .hasMessageContaining("tiers: unknown tier 'huge'");
        assertThatThrownBy(() -> defaults.withShutdownGrace(Duration.ofSeconds(-1)))
                .hasMessageContaining("shutdown_grace must be >= 0");
        assertThatThrownBy(() -> defaults.withRequestTimeout(Duration.ZERO))
                .hasMessageContaining("request_timeout must be > 0");
        assertThatThrownBy(() -> defaults.withRetry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("retry_max");
        assertThatThrownBy(() -> defaults.withIdlePolling(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("idle_initial must be > 0");
        assertThatThrownBy(() -> WorkerOptions.defaults(URI.create("ftp://node"), Ed25519.KeyPair.generate()))
                .hasMessageContaining("node must be an http:// or https:// URL");
    }

    @Test
    void tiersAreCopiedSoTheOptionsStayFrozen() {
        List<String> tiers = new java.util.ArrayList<>(List.of("micro"));
        WorkerOptions options = defaults.withTiers(tiers);
        tiers.add("full");
        assertThat(options.tiers()).containsExactly("micro");
    }
}
