package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.ALICE;
import static org.pouw.chain.net.SyncFixtures.CAROL;
import static org.pouw.chain.net.SyncFixtures.GENESIS;
import static org.pouw.chain.net.SyncFixtures.MALLORY;
import static org.pouw.chain.net.SyncFixtures.peer;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.ml.wire.Bytes32;

/**
 * A peer whose block, headers or bytes this node refuses is told why with the chain's reject code (docs/network.md
 * §2), naming what was refused, before any disconnection or ban; an honest sync draws no reject.
 */
class ChainRejectTest {
    private static final Bytes32 CHAIN = GENESIS.chainId();

    private static List<SyncMessage.Reject> rejects(SyncFixtures.Wire wire, String from) {
        return wire.sentBy(peer(from)).stream().filter(SyncMessage.Reject.class::isInstance)
                .map(SyncMessage.Reject.class::cast).toList();
    }

    @Test
    void bytesThatAreNoBlockOrAnotherBlockAreRejectedWithTheirCodeBeforeTheBan() {
        BlockImporter miner = SyncFixtures.node();
        List<Block> blocks = SyncFixtures.mine(miner, SyncFixtures.miner(ALICE), 2);
        Bytes32 first = blocks.get(0).header().hash(CHAIN);
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("victim"), victim);
        // both answer the initial sync's header request (nothing new), so neither is dropped as a stalled sync peer
        // before it serves its wrong bodies
        wire.addScripted(peer("other"), (from, message, w) -> {
            if (message instanceof SyncMessage.GetBlock get) {
                w.send(peer("other"), from, new SyncMessage.BlockBody(get.hash(), blocks.get(1).encode()));
            } else if (message instanceof SyncMessage.GetHeaders) {
                w.send(peer("other"), from, new SyncMessage.Headers(List.of()));
            }
        });
        wire.addScripted(peer("garbage"), (from, message, w) -> {
            if (message instanceof SyncMessage.GetBlock get) {
                w.send(peer("garbage"), from, new SyncMessage.BlockBody(get.hash(), new byte[] {1, 2, 3}));
            } else if (message instanceof SyncMessage.GetHeaders) {
                w.send(peer("garbage"), from, new SyncMessage.Headers(List.of()));
            }
        });
        wire.link(peer("other"), peer("victim"));
        wire.link(peer("garbage"), peer("victim"));
        wire.run();

        wire.send(peer("other"), peer("victim"), new SyncMessage.BlockInv(List.of(first)));
        wire.run();
        wire.send(peer("garbage"), peer("victim"), new SyncMessage.BlockInv(List.of(first)));
        wire.run();

        assertThat(rejects(wire, "victim")).extracting(SyncMessage.Reject::id, SyncMessage.Reject::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, ChainRejectCode.BLOCK_NOT_ASKED.code()),
                        org.assertj.core.groups.Tuple.tuple(first, ChainRejectCode.BLOCK_UNDECODABLE.code()));
        assertThat(wire.penalties.get(peer("victim")).banned).containsExactly("other", "garbage");
    }

    @Test
    void aBlockInvalidAsSignedIsRejectedWithTheImportsReason() {
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("victim"), victim);
        Block invalid = SyncFixtures.fakeChain(GENESIS, MALLORY, CHAIN, 0, GENESIS.timestamp(), 1).getFirst();
        Bytes32 hash = invalid.header().hash(CHAIN);
        wire.addScripted(peer("relayer"), new ChainSyncTest.FakeChainPeer(List.of(invalid), false));
        wire.link(peer("relayer"), peer("victim"));
        wire.run();

        wire.send(peer("relayer"), peer("victim"), new SyncMessage.BlockInv(List.of(hash)));
        wire.run();

        assertThat(rejects(wire, "victim")).singleElement().satisfies(reject -> {
            assertThat(reject.id()).isEqualTo(hash);
            assertThat(ChainRejectCode.of(reject.code())).contains(ChainRejectCode.BLOCK_UNKNOWN_TASK);
            assertThat(reject.reason()).contains("task");
        });
        assertThat(wire.penalties.get(peer("victim")).banned).isEmpty();
    }

    @Test
    void headersOfAnUnstakedSignerAreRejectedNamingTheFirstRefusedHeaderAndAnHonestSyncDrawsNoReject() {
        BlockImporter honest = SyncFixtures.node();
        SyncFixtures.mine(honest, SyncFixtures.miner(ALICE), 3);
        BlockImporter victim = SyncFixtures.node();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("honest"), honest);
        ChainSync sync = wire.add(peer("victim"), victim);
        wire.link(peer("honest"), peer("victim"));
        wire.run();
        assertThat(victim.tip().height()).isEqualTo(3);
        assertThat(rejects(wire, "victim")).isEmpty();
        assertThat(rejects(wire, "honest")).isEmpty();

        // Carol holds coins and no stake: her headers are refused from the header alone
        List<Block> unstaked = SyncFixtures.fakeChain(GENESIS, CAROL, CHAIN, 0, GENESIS.timestamp(), 5);
        wire.addScripted(peer("carol"), new ChainSyncTest.FakeChainPeer(unstaked));
        wire.unlink(peer("honest"), peer("victim"));
        wire.link(peer("carol"), peer("victim"));
        wire.run();

        assertThat(rejects(wire, "victim")).singleElement().satisfies(reject -> {
            assertThat(reject.id()).isEqualTo(unstaked.getFirst().header().hash(CHAIN));
            assertThat(ChainRejectCode.of(reject.code())).contains(ChainRejectCode.HEADERS_SIGNER_NOT_STAKED);
        });
        assertThat(sync.imports()).isEqualTo(3);
        assertThat(wire.penalties.get(peer("victim")).disconnected).containsExactly("carol");
    }

    @Test
    void everyCodeIsDistinctAndAReasonIsCutToItsLimitOnACharacterBoundary() {
        assertThat(java.util.Arrays.stream(ChainRejectCode.values()).map(ChainRejectCode::code).distinct().count())
                .isEqualTo(ChainRejectCode.values().length);
        assertThat(ChainRejectCode.of(999)).isEmpty();
        String long_ = "é".repeat(200);     // 400 bytes of UTF-8
        SyncMessage.Reject reject = SyncMessage.Reject.of(SyncFixtures.bytes("x"), ChainRejectCode.TX_INVALID, long_);
        assertThat(reject.reason()).isEqualTo("é".repeat(128));
        assertThat(SyncCodec.decodeReject(SyncCodec.encode(reject))).isEqualTo(reject);
    }
}
