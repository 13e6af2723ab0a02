package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.net.PeerId;
import org.pouw.ml.wire.Bytes32;

/**
 * Compact blocks asked of their announcers ({@link CompactBlockAsks}, BIP 152 low-bandwidth): one ask per hash, later
 * announcers kept for the fallback, bounded per peer and in all, given up when late or when the announcer goes.
 */
class CompactBlockAsksTest {
    private static final PeerId R = new PeerId("r");
    private static final PeerId H = new PeerId("h");
    private static final PeerId G = new PeerId("g");

    private final CompactBlockAsks asks = new CompactBlockAsks();

    private static Bytes32 hash(int n) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) n;
        bytes[1] = (byte) (n >> 8);
        return Bytes32.of(bytes);
    }

    @Test
    void oneAskPerHashAndLaterAnnouncersAreTheFallback() {
        assertThat(asks.announced(R, hash(1), 0)).isEqualTo(CompactBlockAsks.Verdict.ASK);
        assertThat(asks.announced(H, hash(1), 0)).isEqualTo(CompactBlockAsks.Verdict.WAIT);
        assertThat(asks.announced(R, hash(1), 0)).as("the announcer again").isEqualTo(CompactBlockAsks.Verdict.WAIT);

        assertThat(asks.answered(H, hash(1))).as("not asked of h").isEmpty();
        assertThat(asks.answered(R, hash(1))).contains(List.of(H));
        assertThat(asks.answered(R, hash(1))).as("answered once").isEmpty();
        assertThat(asks.inFlight()).isZero();
    }

    @Test
    void anAnnouncerThatDoesNotServeInTimeIsGivenUpForTheOthers() {
        asks.announced(R, hash(1), 10);
        asks.announced(H, hash(1), 11);

        assertThat(asks.tick(10 + CompactBlockAsks.EXPIRY_TICKS)).as("still in time").isEmpty();
        assertThat(asks.tick(11 + CompactBlockAsks.EXPIRY_TICKS))
                .containsExactly(new CompactBlockAsks.Unserved(R, hash(1), List.of(H)));
        assertThat(asks.answered(R, hash(1))).as("a late answer finds nothing waiting").isEmpty();
    }

    @Test
    void anAnnouncerThatGoesHandsItsAsksToTheOthersAndLeavesTheirFallbacks() {
        asks.announced(R, hash(1), 0);
        asks.announced(H, hash(1), 0);
        asks.announced(H, hash(2), 0);
        asks.announced(R, hash(2), 0);
        asks.announced(G, hash(2), 0);

        assertThat(asks.forget(R)).containsExactly(new CompactBlockAsks.Unserved(R, hash(1), List.of(H)));
        assertThat(asks.answered(H, hash(2))).contains(List.of(G));
    }

    @Test
    void asksAreBoundedPerPeerAndInAll() {
        for (int i = 0; i < CompactBlockAsks.PER_PEER; i++) {
            assertThat(asks.announced(R, hash(i), 0)).isEqualTo(CompactBlockAsks.Verdict.ASK);
        }
        assertThat(asks.announced(R, hash(100), 0)).isEqualTo(CompactBlockAsks.Verdict.TO_SYNC);
        for (int i = asks.inFlight(); i < CompactBlockAsks.MAX_ASKS; i++) {
            assertThat(asks.announced(new PeerId("p" + i), hash(200 + i), 0))
                    .isEqualTo(CompactBlockAsks.Verdict.ASK);
        }
        assertThat(asks.announced(G, hash(999), 0)).isEqualTo(CompactBlockAsks.Verdict.TO_SYNC);
        assertThat(asks.inFlight()).isEqualTo(CompactBlockAsks.MAX_ASKS);
    }
}
