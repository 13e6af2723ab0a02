package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.ALICE;
import static org.pouw.chain.net.SyncFixtures.peer;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.ml.wire.Bytes32;

/**
 * A body's timeout scales with the size its server declared (docs/network.md §3): an honest 32 MiB block on a slow
 * link (100 KiB a tick, some 330 ticks) is waited for and asked of nobody else, while a slow loris that declares the
 * same 32 MiB and trickles 1 KiB a tick is cut off within 30 ticks of its first bytes and the body asked elsewhere.
 * The sync is driven by hand, tick by tick, as the node's transport would drive it.
 */
class SizedBodyTimeoutTest {
    private static final long DECLARED = 32L << 20;

    private record Sent(PeerId to, SyncMessage message) {
    }

    private final BlockImporter source = SyncFixtures.node();
    private final Block block = SyncFixtures.mine(source, SyncFixtures.miner(ALICE), 1).getFirst();
    private final Bytes32 hash = block.header().hash(SyncFixtures.GENESIS.chainId());
    private final BlockImporter newcomer = SyncFixtures.node();
    private final List<Sent> sent = new ArrayList<>();
    private final SyncFixtures.Penalties penalties = new SyncFixtures.Penalties();
    private final ChainSync sync = new ChainSync(SyncedChain.of(newcomer), new PeerMessages<>() {
        @Override
        public PeerId self() {
            return peer("newcomer");
        }

        @Override
        public void send(PeerId to, SyncMessage message) {
            sent.add(new Sent(to, message));
        }

        @Override
        public void broadcast(SyncMessage message) {
        }
    }, penalties);

    /** Links the sync peer first (it serves the header) and another peer that holds the block too. */
    private void askedForTheBody(PeerId syncPeer, PeerId other) {
        sync.peerConnected(syncPeer);
        sync.peerConnected(other);
        BlockHeader header = block.header();
        sync.receive(syncPeer, new SyncMessage.Headers(List.of(header)));
        assertThat(asked(syncPeer)).as("the sync peer is asked first").isEqualTo(1);
    }

    private long asked(PeerId of) {
        return sent.stream().filter(s -> s.to().equals(of) && s.message() instanceof SyncMessage.GetBlock get
                && get.hash().equals(hash)).count();
    }

    private boolean abandoned(PeerId of) {
        return sent.stream().anyMatch(s -> s.to().equals(of) && s.message() instanceof SyncMessage.AbandonBlock);
    }

    @Test
    void anHonestBigBodyOnASlowLinkIsWaitedFor() {
        askedForTheBody(peer("slow"), peer("other"));
        long received = 0;
        int ticks = 0;
        while (received < DECLARED) {
            received = Math.min(DECLARED, received + 100 * 1024);
            sync.receive(peer("slow"), new SyncMessage.BodyProgress(hash, DECLARED, received));
            sync.tick();
            ticks++;
        }
        assertThat(ticks).as("far past a fixed 10-tick timeout and the session's 30-tick stall limit")
                .isGreaterThan(300);
        assertThat(asked(peer("other"))).as("never asked of another peer").isZero();
        assertThat(abandoned(peer("slow"))).isFalse();
        assertThat(sync.syncing()).isTrue();

        sync.receive(peer("slow"), new SyncMessage.BlockBody(hash, block.encode()));
        assertThat(newcomer.tip().hash()).isEqualTo(hash);
        assertThat(penalties.banned).isEmpty();
        assertThat(penalties.disconnected).isEmpty();
    }

    @Test
    void aSlowLorisDeclaringAHugeBodyIsCutOffAndTheBodyAskedElsewhere() {
        askedForTheBody(peer("loris"), peer("honest"));
        long received = 0;
        int ticks = 0;
        while (!abandoned(peer("loris")) && ticks < 1_000) {
            received += 1024;
            sync.receive(peer("loris"), new SyncMessage.BodyProgress(hash, DECLARED, received));
            sync.tick();
            ticks++;
        }
        assertThat(abandoned(peer("loris"))).isTrue();
        assertThat(ticks).as("cut off within 30 ticks of its first bytes, not after the 512 its 32 MiB would allow")
                .isLessThanOrEqualTo(BodyDeadline.FIRST_BYTES_TICKS + 20);
        assertThat(asked(peer("honest"))).as("asked elsewhere").isEqualTo(1);

        // what the loris sends now is not taken; the honest copy is
        sync.receive(peer("loris"), new SyncMessage.BodyProgress(hash, DECLARED, received + 1024));
        sync.receive(peer("honest"), new SyncMessage.BlockBody(hash, block.encode()));
        assertThat(newcomer.tip().hash()).isEqualTo(hash);
        assertThat(penalties.banned).as("slow is no offence").isEmpty();
    }

    @Test
    void aBodyWhoseBytesNeverStartIsAskedElsewhereAfterTheFixedTimeout() {
        askedForTheBody(peer("silent"), peer("honest"));
        for (int i = 0; i <= BodyDeadline.FIRST_BYTES_TICKS; i++) {
            assertThat(asked(peer("honest"))).isZero();
            sync.tick();
        }
        assertThat(asked(peer("honest"))).isEqualTo(1);
        assertThat(abandoned(peer("silent"))).as("no transfer to drop").isFalse();
    }
}
