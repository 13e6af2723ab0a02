package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;

class P2pConfigTest {
    private final Ed25519.KeyPair keys = Ed25519.KeyPair.generate();

    private P2pConfig with(int port, List<String> capabilities, int maxFrame, long burst, Duration ban) {
        return new P2pConfig(keys, P2pTestNodes.CHAIN, "127.0.0.1", port, capabilities, maxFrame, 1 << 20,
                1 << 16, burst, 125, ban, Duration.ofSeconds(5), InstantSource.system());
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThatThrownBy(() -> with(70_000, List.of(), 4096, 1 << 20, Duration.ofHours(1)))
                .hasMessageContaining("listen_port");
        assertThatThrownBy(() -> with(0, List.of("x".repeat(65)), 4096, 1 << 20, Duration.ofHours(1)))
                .hasMessageContaining("capabilities");
        assertThatThrownBy(() -> with(0, List.of(), 2 << 20, 4 << 20, Duration.ofHours(1)))
                .hasMessageContaining("max_frame_bytes");
        assertThatThrownBy(() -> with(0, List.of(), 4096, 100, Duration.ofHours(1)))
                .hasMessageContaining("burst_bytes");
        assertThatThrownBy(() -> with(0, List.of(), 4096, 1 << 20, Duration.ZERO))
                .hasMessageContaining("ban_duration");
        P2pConfig good = with(0, List.of(), 4096, 1 << 20, Duration.ofHours(1));
        assertThatThrownBy(() -> good.withLimits(0, Duration.ofSeconds(1), 1)).hasMessageContaining("max_links");
        assertThatThrownBy(() -> good.withLimits(5, Duration.ZERO, 1)).hasMessageContaining("handshake_timeout");
        assertThatThrownBy(() -> good.withLimits(5, Duration.ofSeconds(1), 0)).hasMessageContaining("max_object_bytes");
        assertThatThrownBy(() -> new ChainIdentity(new byte[0], new byte[1])).hasMessageContaining("chain_id");
        assertThatThrownBy(() -> new ChainIdentity(new byte[1], new byte[65])).hasMessageContaining("genesis_hash");
    }
}
