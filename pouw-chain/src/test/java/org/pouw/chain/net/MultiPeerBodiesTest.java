package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.ACT;
import static org.pouw.chain.net.SyncFixtures.ALICE;
import static org.pouw.chain.net.SyncFixtures.peer;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.importing.BlockImporter;

/**
 * Bodies from several peers at once (docs/network.md §3): the headers come from the sync peer, their bodies from
 * every linked peer in a moving window, a few at a time from each; a body not served in time or served wrong is
 * asked of another peer; the bodies are imported strictly in order, each once.
 */
class MultiPeerBodiesTest {
    private static final int BLOCKS = (int) (2 * ACT + 6);

    @Test
    void bodiesComeFromEveryPeerThatHasThemAndAStallerAndALiarOnlyDelayThem() {
        BlockImporter honest = SyncFixtures.node();
        SyncFixtures.mine(honest, SyncFixtures.miner(ALICE), BLOCKS);
        BlockImporter newcomer = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("honest"), honest);
        ChainSync sync = wire.add(peer("newcomer"), newcomer);
        // the staller answers nothing at all; the liar has no headers and serves bytes that are no block
        wire.addScripted(peer("staller"), (from, message, w) -> {
        });
        wire.addScripted(peer("liar"), (from, message, w) -> {
            if (message instanceof SyncMessage.GetHeaders) {
                w.send(peer("liar"), from, new SyncMessage.Headers(List.of()));
            } else if (message instanceof SyncMessage.GetBlock get) {
                w.send(peer("liar"), from, new SyncMessage.BlockBody(get.hash(), new byte[] {9, 9, 9}));
            }
        });
        // the honest peer first: the initial sync's headers come from it
        wire.link(peer("honest"), peer("newcomer"));
        wire.link(peer("staller"), peer("newcomer"));
        wire.link(peer("liar"), peer("newcomer"));

        wire.run();

        assertThat(newcomer.tip().hash()).isEqualTo(honest.tip().hash());
        assertThat(sync.imports()).as("each body imported once, in order: no orphan, no second import")
                .isEqualTo(BLOCKS);
        assertThat(wire.bodiesAskedOf(peer("staller"))).as("asked, then given up on").isPositive();
        assertThat(wire.bodiesAskedOf(peer("liar"))).isPositive();
        assertThat(wire.penalties.get(peer("newcomer")).banned).containsExactly("liar");
        assertThat(wire.penalties.get(peer("newcomer")).disconnected).as("only a peer that stalled a session of its own")
                .allMatch("staller"::equals);
        assertThat(sync.progress().delivered(peer("honest"))).isEqualTo(BLOCKS);
        assertThat(sync.headersHeld()).isZero();
    }

    @Test
    void twoHonestPeersBothServeBodiesEachAskedOnce() {
        BlockImporter first = SyncFixtures.node();
        SyncFixtures.mine(first, SyncFixtures.miner(ALICE), BLOCKS);
        BlockImporter second = SyncFixtures.node();
        BlockImporter newcomer = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("first"), first);
        wire.add(peer("second"), second);
        wire.link(peer("first"), peer("second"));
        wire.run();
        assertThat(second.tip().hash()).isEqualTo(first.tip().hash());

        ChainSync sync = wire.add(peer("newcomer"), newcomer);
        long firstBefore = wire.bodiesAskedOf(peer("first"));
        wire.link(peer("first"), peer("newcomer"));
        wire.link(peer("second"), peer("newcomer"));
        wire.run();

        assertThat(newcomer.tip().hash()).isEqualTo(first.tip().hash());
        assertThat(sync.imports()).isEqualTo(BLOCKS);
        long fromFirst = wire.bodiesAskedOf(peer("first")) - firstBefore;
        long fromSecond = wire.bodiesAskedOf(peer("second"));
        assertThat(fromFirst + fromSecond).isEqualTo(BLOCKS);
        assertThat(fromFirst).isPositive();
        assertThat(fromSecond).isPositive();
        assertThat(sync.progress().delivered(peer("first")) + sync.progress().delivered(peer("second")))
                .isEqualTo(BLOCKS);
    }
}
