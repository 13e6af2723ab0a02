package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.ALICE;
import static org.pouw.chain.net.SyncFixtures.GENESIS;
import static org.pouw.chain.net.SyncFixtures.peer;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.ml.wire.Bytes32;

/**
 * A new tip is pushed whole to a few peers and announced to the rest (docs/network.md §4): the few import it without
 * asking, the rest fetch it; a push of a block already held costs nothing, a push of bytes that are no block bans.
 */
class WholeBlockRelayTest {
    private static final List<String> SPOKES = List.of("b", "c", "d", "e", "f");

    @Test
    void aNewTipGoesWholeToThreePeersAndIsAnnouncedToTheOthersWhoFetchIt() {
        BlockImporter hub = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync hubSync = wire.add(peer("a"), hub);
        for (String spoke : SPOKES) {
            wire.add(peer(spoke), SyncFixtures.node());
            wire.link(peer("a"), peer(spoke));
        }
        wire.run();

        Block block = SyncFixtures.mine(hub, SyncFixtures.miner(ALICE), 1).getFirst();
        Bytes32 hash = block.header().hash(GENESIS.chainId());
        hubSync.blocksAdded(List.of(hash));
        wire.run();

        long pushed = wire.sentBy(peer("a")).stream().filter(SyncMessage.WholeBlock.class::isInstance).count();
        assertThat(pushed).isEqualTo(ChainSync.WHOLE_BLOCK_PEERS);
        // the three that delivered most (none yet: by name) got it whole and never asked; the other two asked once
        for (String spoke : SPOKES) {
            long asked = wire.sentBy(peer(spoke)).stream().filter(m -> m instanceof SyncMessage.GetBlock get
                    && get.hash().equals(hash)).count();
            assertThat(asked).as(spoke).isEqualTo(List.of("b", "c", "d").contains(spoke) ? 0 : 1);
        }
        for (String spoke : SPOKES) {
            assertThat(wire.syncs.get(peer(spoke)).imports()).isEqualTo(1);
        }
        wire.penalties.values().forEach(p -> assertThat(p.banned).isEmpty());

        // the same block pushed again is not imported again; bytes that are no block ban their pusher
        wire.send(peer("b"), peer("c"), new SyncMessage.WholeBlock(block.encode()));
        wire.link(peer("b"), peer("c"));
        wire.send(peer("b"), peer("c"), new SyncMessage.WholeBlock(block.encode()));
        wire.run();
        assertThat(wire.syncs.get(peer("c")).imports()).isEqualTo(1);
        wire.send(peer("b"), peer("c"), new SyncMessage.WholeBlock(new byte[] {1, 2, 3}));
        wire.run();
        assertThat(wire.penalties.get(peer("c")).banned).containsExactly("b");
    }

    @Test
    void aNodeCatchingUpPushesNothing() {
        BlockImporter miner = SyncFixtures.node();
        SyncFixtures.mine(miner, SyncFixtures.miner(ALICE), 12);
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("miner"), miner);
        wire.add(peer("newcomer"), SyncFixtures.node());
        wire.add(peer("other"), SyncFixtures.node());
        wire.link(peer("miner"), peer("newcomer"));
        wire.link(peer("newcomer"), peer("other"));
        wire.run();

        assertThat(wire.sentBy(peer("newcomer"))).noneMatch(SyncMessage.WholeBlock.class::isInstance);
        assertThat(wire.syncs.get(peer("other")).imports()).isPositive();
        assertThat(wire.syncs.get(peer("newcomer")).imports()).isEqualTo(12);
    }
}
