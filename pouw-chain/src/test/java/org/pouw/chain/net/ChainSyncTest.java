package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.ACT;
import static org.pouw.chain.net.SyncFixtures.ALICE;
import static org.pouw.chain.net.SyncFixtures.GENESIS;
import static org.pouw.chain.net.SyncFixtures.MALLORY;
import static org.pouw.chain.net.SyncFixtures.peer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.ml.wire.Bytes32;

class ChainSyncTest {
    private static final Bytes32 CHAIN = GENESIS.chainId();
    /** 2 ms measured to the peer "near", 90 ms to "far", nothing to the others. */
    private static final PeerRoundTrips NEAR_AND_FAR = peer -> peer.equals(peer("near")) ? OptionalLong.of(2_000_000)
            : peer.equals(peer("far")) ? OptionalLong.of(90_000_000) : OptionalLong.empty();

    @Test
    void aNewNodeCatchesUpHeaderFirstPastSeveralStakeHorizons() {
        BlockImporter miner = SyncFixtures.node();
        SyncFixtures.mine(miner, SyncFixtures.miner(ALICE), (int) (2 * ACT + 5));
        BlockImporter newcomer = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("miner"), miner);
        ChainSync sync = wire.add(peer("newcomer"), newcomer);

        wire.link(peer("miner"), peer("newcomer"));
        wire.run();

        assertThat(newcomer.tip().hash()).isEqualTo(miner.tip().hash());
        assertThat(sync.imports()).isEqualTo(2 * ACT + 5);
        assertThat(sync.headersHeld()).isZero();
        assertThat(sync.progress().delivered(peer("miner"))).isEqualTo(2 * ACT + 5);
        // every headers answer the newcomer took stopped at the stake horizon: never more than ACT ahead
        assertThat(wire.sentBy(peer("miner")).stream().filter(m -> m instanceof SyncMessage.Headers)
                .count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aMinedBlockIsAnnouncedOnlyOnceValidatedAndReachesANodeTwoHopsAway() {
        BlockImporter a = SyncFixtures.node();
        BlockImporter b = SyncFixtures.node();
        BlockImporter c = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync syncA = wire.add(peer("a"), a);
        wire.add(peer("b"), b);
        wire.add(peer("c"), c);
        wire.link(peer("a"), peer("b"));
        wire.link(peer("b"), peer("c"));
        wire.run();

        ChainMiner alice = SyncFixtures.miner(ALICE);
        for (int i = 0; i < 3; i++) {
            Block block = SyncFixtures.mine(a, alice, 1).getFirst();
            syncA.blocksAdded(List.of(block.header().hash(CHAIN)));
            wire.run();
        }

        assertThat(b.tip().hash()).isEqualTo(a.tip().hash());
        assertThat(c.tip().hash()).isEqualTo(a.tip().hash());
        assertThat(c.tip().height()).isEqualTo(3);
        // b announced to c only hashes it had validated
        for (SyncMessage message : wire.sentBy(peer("b"))) {
            if (message instanceof SyncMessage.BlockInv inv) {
                inv.hashes().forEach(hash -> assertThat(b.node(hash)).isPresent());
            }
        }
    }

    @Test
    void aHeavierFakeHeaderChainIsTakenOnlyActDeepAndCostsOneReplay() {
        BlockImporter honest = SyncFixtures.node();
        SyncFixtures.mine(honest, SyncFixtures.miner(ALICE), 3);
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("honest"), honest);
        ChainSync sync = wire.add(peer("victim"), victim);
        wire.link(peer("honest"), peer("victim"));
        wire.run();
        assertThat(victim.tip().height()).isEqualTo(3);
        long importsBefore = sync.imports();

        // Mallory (staked) grinds 3·ACT headers on genesis with hashes alone: far more claimed work than 3 blocks
        List<Block> fake = SyncFixtures.fakeChain(GENESIS, MALLORY, CHAIN, 0, GENESIS.timestamp(), (int) (3 * ACT));
        FakeChainPeer attacker = new FakeChainPeer(fake);
        wire.addScripted(peer("attacker"), attacker);
        wire.link(peer("attacker"), peer("victim"));
        wire.syncs.get(peer("victim")).peerDisconnected(peer("honest"));     // the attacker is the only sync peer
        wire.unlink(peer("honest"), peer("victim"));
        wire.run();

        assertThat(attacker.headersServed).isEqualTo(3 * ACT);
        assertThat(attacker.bodiesAsked).isBetween(1, (int) ACT);        // the lockstep: never past ACT
        assertThat(sync.imports() - importsBefore).isEqualTo(1);         // one replay, not one per header
        assertThat(victim.tip().height()).isEqualTo(3);
        assertThat(sync.headersHeld()).isZero();
        assertThat(wire.penalties.get(peer("victim")).disconnected).containsExactly("attacker");
        assertThat(sync.signerFaults()).singleElement()
                .satisfies(fault -> assertThat(fault.signer()).isEqualTo(Bytes32.of(MALLORY.publicKey())));
    }

    @Test
    void anInvalidBlocksSignerIsAtFaultAndItsRelayersAreNotBanned() {
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("victim"), victim);
        Block invalid = SyncFixtures.fakeChain(GENESIS, MALLORY, CHAIN, 0, GENESIS.timestamp(), 1).getFirst();
        Bytes32 hash = invalid.header().hash(CHAIN);
        // relays: they serve the block when asked, and have no chain of headers to sync from
        FakeChainPeer relayer = new FakeChainPeer(List.of(invalid), false);
        FakeChainPeer second = new FakeChainPeer(List.of(invalid), false);
        wire.addScripted(peer("relayer"), relayer);
        wire.addScripted(peer("second"), second);
        wire.link(peer("relayer"), peer("victim"));
        wire.link(peer("second"), peer("victim"));
        wire.run();
        int askedBefore = second.bodiesAsked;

        wire.send(peer("relayer"), peer("victim"), new SyncMessage.BlockInv(List.of(hash)));
        wire.run();
        wire.send(peer("second"), peer("victim"), new SyncMessage.BlockInv(List.of(hash)));
        wire.run();

        assertThat(victim.knownInvalid(hash)).isTrue();
        assertThat(sync.signerFaults()).singleElement().satisfies(fault -> {
            assertThat(fault.signer()).isEqualTo(Bytes32.of(MALLORY.publicKey()));
            assertThat(fault.block()).isEqualTo(hash);
        });
        assertThat(wire.penalties.get(peer("victim")).banned).isEmpty();
        assertThat(wire.penalties.get(peer("victim")).disconnected).containsExactly("relayer");
        // the second relayer announced a block this node already knows invalid: not even asked for it, not punished
        assertThat(second.bodiesAsked).isEqualTo(askedBefore);
        assertThat(wire.penalties.get(peer("victim")).disconnected).doesNotContain("second");
    }

    @Test
    void bytesThatAreNotTheBlockAskedForBanTheirServer() {
        BlockImporter miner = SyncFixtures.node();
        List<Block> blocks = SyncFixtures.mine(miner, SyncFixtures.miner(ALICE), 2);
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("victim"), victim);
        wire.addScripted(peer("liar"), (from, message, w) -> {
            if (message instanceof SyncMessage.GetBlock get) {
                w.send(peer("liar"), from, new SyncMessage.BlockBody(get.hash(), blocks.get(1).encode()));
            }
        });
        wire.link(peer("liar"), peer("victim"));
        wire.send(peer("liar"), peer("victim"),
                new SyncMessage.BlockInv(List.of(blocks.get(0).header().hash(CHAIN))));
        wire.run();

        assertThat(wire.penalties.get(peer("victim")).banned).containsExactly("liar");
        assertThat(victim.tip().isGenesis()).isTrue();
    }

    @Test
    void aBlockOfAnotherChainIsNeverTaken() {
        // a real chain with its own genesis, whose blocks are announced and served to a node of this chain
        BlockImporter other = SyncFixtures.node(SyncFixtures.genesis(101));
        List<Block> foreign = SyncFixtures.mine(other, SyncFixtures.miner(ALICE), 2);
        Bytes32 otherChain = other.chainId();
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("victim"), victim);
        wire.addScripted(peer("foreign"), (from, message, w) -> {
            if (message instanceof SyncMessage.GetBlock get) {
                w.send(peer("foreign"), from, new SyncMessage.BlockBody(get.hash(), foreign.get(0).encode()));
            } else if (message instanceof SyncMessage.GetHeaders) {
                w.send(peer("foreign"), from, new SyncMessage.Headers(foreign.stream().map(Block::header).toList()));
            }
        });
        wire.link(peer("foreign"), peer("victim"));
        wire.run();

        // its headers name a genesis this node does not have: refused, the peer disconnected
        assertThat(wire.penalties.get(peer("victim")).disconnected).containsExactly("foreign");
        assertThat(victim.tip().isGenesis()).isTrue();
        assertThat(sync.headersHeld()).isZero();
        // announced by the hash its own chain gives it, the block hashes differently here: the server is banned
        SyncFixtures.Wire again = new SyncFixtures.Wire();
        again.add(peer("victim"), SyncFixtures.node());
        again.addScripted(peer("foreign"), wire.scripted.get(peer("foreign")));
        again.links.get(peer("victim")).add(peer("foreign"));
        again.links.get(peer("foreign")).add(peer("victim"));
        again.send(peer("foreign"), peer("victim"),
                new SyncMessage.BlockInv(List.of(foreign.get(0).header().hash(otherChain))));
        again.run();
        assertThat(again.penalties.get(peer("victim")).banned).containsExactly("foreign");
    }

    @Test
    void aPeerStallingMidSyncIsGivenUpAndAnotherPeerIsAsked() {
        BlockImporter honest = SyncFixtures.node();
        SyncFixtures.mine(honest, SyncFixtures.miner(ALICE), 4);
        BlockImporter newcomer = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("newcomer"), newcomer);
        wire.add(peer("honest"), honest);
        // answers nothing at all: the first peer linked, so the initial sync starts with it
        wire.addScripted(peer("staller"), (from, message, w) -> {
        });
        wire.link(peer("staller"), peer("newcomer"));
        wire.link(peer("honest"), peer("newcomer"));

        wire.run();

        assertThat(newcomer.tip().hash()).isEqualTo(honest.tip().hash());
        assertThat(sync.progress().delivered(peer("honest"))).isEqualTo(4);
        assertThat(wire.penalties.get(peer("newcomer")).banned).isEmpty();
    }

    @Test
    void aSyncPeerThatStallsMidSyncIsDisconnectedAndTheSyncMovesOnAtOnce() {
        BlockImporter honest = SyncFixtures.node();
        List<Block> mined = SyncFixtures.mine(honest, SyncFixtures.miner(ALICE), 6);
        BlockImporter newcomer = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("newcomer"), newcomer);
        wire.add(peer("honest"), honest);
        // serves the first two headers and their bodies, then answers nothing more: mid-sync, after a batch
        int[] headerAsks = new int[1];
        wire.addScripted(peer("staller"), (from, message, w) -> {
            if (message instanceof SyncMessage.GetHeaders && headerAsks[0]++ == 0) {
                w.send(peer("staller"), from, new SyncMessage.Headers(
                        mined.subList(0, 2).stream().map(Block::header).toList()));
            } else if (message instanceof SyncMessage.GetBlock get && headerAsks[0] == 1) {
                mined.stream().filter(b -> b.header().hash(CHAIN).equals(get.hash())).findFirst().ifPresent(b ->
                        w.send(peer("staller"), from, new SyncMessage.BlockBody(get.hash(), b.encode())));
            }
        });
        wire.link(peer("staller"), peer("newcomer"));     // the first link: the initial sync starts with it
        wire.link(peer("honest"), peer("newcomer"));
        int stalledAt = -1;
        int movedOnAt = -1;
        for (int tick = 0; tick < 3 * ChainSync.STALL_TICKS && movedOnAt < 0; tick++) {
            wire.deliver();
            sync.tick();
            if (stalledAt < 0 && wire.penalties.get(peer("newcomer")).disconnected.contains("staller")) {
                stalledAt = tick;
            }
            // only the newcomer's session asks the honest node for headers
            if (stalledAt >= 0 && wire.sentTo.getOrDefault(peer("honest"), List.of()).stream()
                    .anyMatch(SyncMessage.GetHeaders.class::isInstance)) {
                movedOnAt = tick;
            }
        }
        assertThat(newcomer.tip().height()).as("the staller's batch was taken").isGreaterThanOrEqualTo(2);
        assertThat(stalledAt).as("the staller disconnected by the sync itself").isBetween(ChainSync.STALL_TICKS,
                2 * ChainSync.STALL_TICKS);
        assertThat(movedOnAt).as("the sync moved to another peer in the same tick").isEqualTo(stalledAt);
        wire.run();
        assertThat(newcomer.tip().hash()).isEqualTo(honest.tip().hash());
        assertThat(wire.penalties.get(peer("newcomer")).banned).as("stalling is no lie").isEmpty();
    }

    @Test
    void bodiesGoToTheNearerOfEquallyBusyPeers() {
        BlockImporter miner = SyncFixtures.node();
        List<Block> mined = SyncFixtures.mine(miner, SyncFixtures.miner(ALICE), 2);
        BlockImporter newcomer = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("newcomer"), newcomer);
        // linked first, the far peer would be asked before the near one were round trips not measured
        sync.useRoundTrips(NEAR_AND_FAR);
        wire.addScripted(peer("sync"), new FakeChainPeer(mined));
        wire.addScripted(peer("far"), new FakeChainPeer(mined, false));
        wire.addScripted(peer("near"), new FakeChainPeer(mined, false));
        wire.link(peer("sync"), peer("newcomer"));     // the first link: the sync peer, asked first among equals
        wire.link(peer("far"), peer("newcomer"));
        wire.link(peer("near"), peer("newcomer"));

        wire.run();

        assertThat(newcomer.tip().hash()).isEqualTo(miner.tip().hash());
        assertThat(wire.bodiesAskedOf(peer("sync"))).isEqualTo(1);
        assertThat(wire.bodiesAskedOf(peer("near"))).as("the second body, of the nearer idle peer").isEqualTo(1);
        assertThat(wire.bodiesAskedOf(peer("far"))).isZero();
    }

    @Test
    void ofPeersWithEqualValidatedProgressTheNearerIsTheSyncPeer() {
        BlockImporter miner = SyncFixtures.node();
        List<Block> mined = SyncFixtures.mine(miner, SyncFixtures.miner(ALICE), 3);
        BlockImporter newcomer = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("newcomer"), newcomer);
        sync.useRoundTrips(NEAR_AND_FAR);
        // the first link starts the initial sync, before anything is measured: a peer with no newer blocks
        wire.addScripted(peer("behind"), new FakeChainPeer(List.of(), true));
        FakeChainPeer far = new FakeChainPeer(mined);
        FakeChainPeer near = new FakeChainPeer(mined);
        wire.addScripted(peer("far"), far);
        wire.addScripted(peer("near"), near);
        wire.link(peer("behind"), peer("newcomer"));
        wire.link(peer("far"), peer("newcomer"));       // linked before the near one, and first by name
        wire.link(peer("near"), peer("newcomer"));

        // the session with "behind" ends empty; the next poll chooses between two peers that delivered nothing yet
        for (int tick = 0; tick < 4 * ChainSync.POLL_TICKS && far.headersServed + near.headersServed == 0; tick++) {
            wire.deliver();
            sync.tick();
        }
        wire.deliver();

        assertThat(near.headersServed).as("the nearer peer chosen").isPositive();
        assertThat(far.headersServed).as("the far one not asked").isZero();
        wire.run();
        assertThat(newcomer.tip().hash()).isEqualTo(miner.tip().hash());
    }

    @Test
    void aPeerAnnouncingBlocksItNeverServesCanNotStopTheFetchesOfOthers() {
        BlockImporter miner = SyncFixtures.node();
        List<Block> mined = SyncFixtures.mine(miner, SyncFixtures.miner(ALICE), 1);
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("victim"), victim);
        int[] asked = new int[1];
        // answers header requests with nothing and block requests never
        wire.addScripted(peer("sink"), (from, message, w) -> {
            if (message instanceof SyncMessage.GetBlock) {
                asked[0]++;
            } else if (message instanceof SyncMessage.GetHeaders) {
                w.send(peer("sink"), from, new SyncMessage.Headers(List.of()));
            }
        });
        FakeChainPeer honest = new FakeChainPeer(mined, false);
        wire.addScripted(peer("honest"), honest);
        wire.link(peer("sink"), peer("victim"));
        wire.link(peer("honest"), peer("victim"));
        wire.run();
        List<Bytes32> made = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            made.add(SyncFixtures.bytes("never served " + i));
        }

        wire.send(peer("sink"), peer("victim"), new SyncMessage.BlockInv(made));
        wire.run();
        wire.send(peer("honest"), peer("victim"), new SyncMessage.BlockInv(List.of(mined.getFirst().header()
                .hash(CHAIN))));
        wire.run();

        assertThat(asked[0]).isEqualTo(ChainSync.MAX_FETCHES_PER_PEER);
        assertThat(victim.tip().hash()).isEqualTo(miner.tip().hash());
    }

    /** Serves a fixed chain: every header after genesis at once, each body on request; counts what it was asked. */
    static final class FakeChainPeer implements SyncFixtures.Wire.Scripted {
        private final List<Block> chain;
        private final boolean servesHeaders;
        private final Map<Bytes32, Block> byHash = new HashMap<>();
        long headersServed;
        int bodiesAsked;

        FakeChainPeer(List<Block> chain) {
            this(chain, true);
        }

        FakeChainPeer(List<Block> chain, boolean servesHeaders) {
            this.chain = chain;
            this.servesHeaders = servesHeaders;
            chain.forEach(block -> byHash.put(block.header().hash(CHAIN), block));
        }

        @Override
        public void receive(PeerId from, SyncMessage message, SyncFixtures.Wire wire) {
            PeerId self = wire.links.entrySet().stream().filter(e -> e.getValue().contains(from)
                    && wire.scripted.get(e.getKey()) == this).map(Map.Entry::getKey).findFirst().orElseThrow();
            switch (message) {
                case SyncMessage.GetHeaders get -> {
                    List<BlockHeader> headers = servesHeaders ? chain.stream().map(Block::header).toList()
                            : List.of();
                    headersServed += headers.size();
                    wire.send(self, from, new SyncMessage.Headers(headers));
                }
                case SyncMessage.GetBlock get -> {
                    bodiesAsked++;
                    Block block = byHash.get(get.hash());
                    wire.send(self, from, block == null ? new SyncMessage.BlockNotServed(get.hash())
                            : new SyncMessage.BlockBody(get.hash(), block.encode()));
                }
                default -> {
                }
            }
        }
    }

    @SuppressWarnings("unused")
    private static BlockNode tipOf(BlockImporter importer) {
        return importer.tip();
    }
}
