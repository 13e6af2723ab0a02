package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.PeerInfo;

class SyncProgressTest {
    private static PeerInfo claiming(long height) {
        return new PeerInfo(Ed25519.KeyPair.generate().did(), "127.0.0.1", true, "127.0.0.1:1", height,
                new byte[32], List.of(), null);
    }

    @Test
    void theTargetIsTheHighestHeightAPeerStatedAndNeverBelowTheNodesOwn() {
        SyncProgress behind = SyncProgress.of(250, List.of(claiming(1_000), claiming(400)), true, 12);
        assertThat(behind.targetHeight()).isEqualTo(1_000);
        assertThat(behind.fraction()).isEqualTo(0.25);
        assertThat(behind.caughtUp()).isFalse();
        assertThat(behind.peers()).isEqualTo(2);

        SyncProgress ahead = SyncProgress.of(500, List.of(claiming(3)), false, 0);
        assertThat(ahead.targetHeight()).isEqualTo(500);
        assertThat(ahead.caughtUp()).isTrue();
        assertThat(ahead.fraction()).isEqualTo(1.0);

        assertThat(SyncProgress.of(0, List.of(), false, 0).fraction()).as("genesis alone is caught up").isEqualTo(1.0);

        SyncProgress headersAhead = SyncProgress.of(500, List.of(claiming(400)), true, 30);
        assertThat(headersAhead.targetHeight()).as("headers taken ahead raise a stale claim").isEqualTo(530);
        assertThat(headersAhead.caughtUp()).isFalse();
    }

    @Test
    void aTargetBelowTheHeightIsRefused() {
        assertThatThrownBy(() -> new SyncProgress(10, 9, false, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target_height");
    }
}
