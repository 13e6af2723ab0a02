package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

class ChainBudgetsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T08:00:00Z"));
    private final InstantSource clock = now::get;
    private final ChainBudgets budgets = new ChainBudgets(clock);
    private static final DidKey FLOODER = key(1);
    private static final DidKey HONEST = key(2);

    private static DidKey key(int seed) {
        byte[] secret = new byte[32];
        secret[0] = (byte) seed;
        return new DidKey(Ed25519.KeyPair.fromPrivateKey(secret).publicKey());
    }

    @Test
    void aFloodOfOneTypeIsCutAtItsOwnBudgetWithoutTouchingOtherTypesOrPeers() {
        int request = 1_000;    // a get_headers with a locator of about thirty hashes
        int taken = 0;
        while (budgets.receive(FLOODER, ChainBudgets.Inbound.GET_HEADERS, request)) {
            taken++;
        }
        assertThat(taken).isEqualTo((int) (ChainBudgets.Inbound.GET_HEADERS.burst / request));
        assertThat(budgets.receive(HONEST, ChainBudgets.Inbound.GET_HEADERS, request)).isTrue();
        assertThat(budgets.receive(FLOODER, ChainBudgets.Inbound.WHOLE_BLOCK, 200_000)).isTrue();

        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(budgets.receive(FLOODER, ChainBudgets.Inbound.GET_HEADERS, request)).as("refilled").isTrue();
    }

    @Test
    void servingOneLargeBlockAgainAndAgainStopsAtThePeersOutboundBudget() {
        int block = 20 * 1024 * 1024;
        assertThat(budgets.serve(FLOODER, block)).isTrue();
        assertThat(budgets.serve(FLOODER, block)).isTrue();
        assertThat(budgets.serve(FLOODER, block)).isTrue();
        assertThat(budgets.serve(FLOODER, block)).as("64 MiB at once, then 4 MiB a second").isFalse();
        assertThat(budgets.serve(HONEST, block)).isTrue();

        now.set(now.get().plus(Duration.ofSeconds(5)));
        assertThat(budgets.serve(FLOODER, block)).isTrue();
        assertThat(budgets.serve(FLOODER, block)).isFalse();

        budgets.forget(FLOODER);
        assertThat(budgets.serve(FLOODER, block)).as("a new link starts with a full budget").isTrue();
    }
}
