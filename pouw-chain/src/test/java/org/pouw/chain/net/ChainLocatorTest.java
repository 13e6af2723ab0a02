package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.ImportResult;
import org.pouw.ml.wire.Bytes32;

/**
 * Headers served from an index of the followed chain (docs/network.md §2): a locator deep in a long chain is answered
 * with the right headers, and keeping the index at the tip walks each block once — a deep request, or the same
 * request again, walks nothing, a new block walks one, a reorg walks its new branch.
 */
class ChainLocatorTest {
    private static final int LENGTH = 1_500;
    private static final Bytes32 CHAIN_ID = SyncFixtures.GENESIS.chainId();
    private static final Bytes32 GENESIS_HASH = SyncFixtures.bytes("long chain genesis");
    private static List<Block> main;
    private static List<Block> branch;

    /** A long header chain (ground with hashes alone: serving headers never replays), and a branch off it. */
    @BeforeAll
    static void chains() {
        main = SyncFixtures.fakeChain(SyncFixtures.GENESIS, SyncFixtures.MALLORY, GENESIS_HASH, 0,
                SyncFixtures.T0, LENGTH + 1);
        BlockHeader forkPoint = main.get(1_399).header();   // height 1,400
        branch = SyncFixtures.fakeChain(SyncFixtures.GENESIS, SyncFixtures.ALICE, forkPoint.hash(CHAIN_ID), 1_400,
                forkPoint.timestamp(), 150);
    }

    /** A validated block tree without states: enough to serve headers from. */
    private static final class Tree implements SyncedChain {
        final Map<Bytes32, BlockNode> nodes = new HashMap<>();
        final Map<Bytes32, Block> blocks = new HashMap<>();
        BlockNode tip;

        Tree() {
            tip = new BlockNode(GENESIS_HASH, 0, null, BigInteger.ZERO, Bytes32.of(new byte[32]), null);
            nodes.put(GENESIS_HASH, tip);
        }

        BlockNode add(Block block) {
            BlockNode parent = nodes.get(block.header().parent());
            Bytes32 hash = block.header().hash(CHAIN_ID);
            BlockNode node = new BlockNode(hash, parent.height() + 1, parent,
                    parent.cumulativeWork().add(BigInteger.ONE), hash, null);
            nodes.put(hash, node);
            blocks.put(hash, block);
            return node;
        }

        @Override
        public ChainGenesis genesis() {
            return SyncFixtures.GENESIS;
        }

        @Override
        public BlockNode tip() {
            return tip;
        }

        @Override
        public Optional<BlockNode> node(Bytes32 hash) {
            return Optional.ofNullable(nodes.get(hash));
        }

        @Override
        public Optional<Block> block(Bytes32 hash) {
            return Optional.ofNullable(blocks.get(hash));
        }

        @Override
        public long timestamp(BlockNode node) {
            return blocks.get(node.hash()).header().timestamp();
        }

        @Override
        public boolean knownInvalid(Bytes32 hash) {
            return false;
        }

        @Override
        public ImportResult importBlock(Block block) {
            throw new UnsupportedOperationException("serving headers imports nothing");
        }
    }

    private static long height(BlockHeader header) {
        return header.height();
    }

    @Test
    void aLocatorDeepInALongChainIsAnsweredWithTheHeadersAfterIt() {
        Tree served = new Tree();
        main.subList(0, LENGTH).forEach(served::add);
        served.tip = served.nodes.get(main.get(LENGTH - 1).header().hash(CHAIN_ID));
        ChainLocator server = new ChainLocator(served);

        // the asker follows the same chain up to height 100: its locator is dense there, then doubles back
        Tree asker = new Tree();
        main.subList(0, 100).forEach(asker::add);
        asker.tip = asker.nodes.get(main.get(99).header().hash(CHAIN_ID));
        List<Bytes32> locator = new ChainLocator(asker).locator();
        assertThat(locator.getFirst()).isEqualTo(main.get(99).header().hash(CHAIN_ID));
        assertThat(locator.getLast()).isEqualTo(GENESIS_HASH);
        assertThat(locator.size()).isLessThan(30);

        List<BlockHeader> answer = server.headersAfter(locator, SyncCodec.MAX_HEADERS);
        assertThat(answer).isNotEmpty();
        assertThat(answer.getFirst().height()).isEqualTo(101);
        for (int i = 0; i < answer.size(); i++) {
            assertThat(answer.get(i)).isEqualTo(main.get(100 + i).header());
        }
        int encoded = SyncCodec.encode(new SyncMessage.Headers(answer)).length;
        assertThat(encoded).isLessThanOrEqualTo(SyncCodec.MAX_HEADERS_BYTES);
        assertThat(answer.size()).as("as many as fit in one answer").isGreaterThan(100);

        // max is honoured; a locator naming nothing known is answered from genesis
        assertThat(server.headersAfter(locator, 7)).extracting(ChainLocatorTest::height)
                .containsExactly(101L, 102L, 103L, 104L, 105L, 106L, 107L);
        assertThat(server.headersAfter(List.of(SyncFixtures.bytes("unknown")), 3))
                .extracting(ChainLocatorTest::height).containsExactly(1L, 2L, 3L);
        // a locator at the server's tip gets nothing; the highest followed hash wins over an older one listed first
        assertThat(server.headersAfter(List.of(served.tip.hash()), 10)).isEmpty();
        assertThat(server.headersAfter(List.of(main.get(9).header().hash(CHAIN_ID),
                main.get(1_489).header().hash(CHAIN_ID)), 100)).extracting(ChainLocatorTest::height)
                .containsExactly(1_491L, 1_492L, 1_493L, 1_494L, 1_495L, 1_496L, 1_497L, 1_498L, 1_499L, 1_500L);
    }

    @Test
    void keepingTheIndexAtTheTipWalksEachNewBlockOnceAndDeepRequestsWalkNothing() {
        Tree served = new Tree();
        main.subList(0, LENGTH).forEach(served::add);
        served.tip = served.nodes.get(main.get(LENGTH - 1).header().hash(CHAIN_ID));
        ChainLocator server = new ChainLocator(served);

        server.locator();
        assertThat(server.walked()).as("the first call indexes the chain once, genesis included")
                .isEqualTo(LENGTH + 1);
        List<Bytes32> deep = List.of(main.get(4).header().hash(CHAIN_ID));
        for (int i = 0; i < 50; i++) {
            assertThat(server.headersAfter(deep, 2).getFirst().height()).isEqualTo(6);
        }
        assertThat(server.walked()).as("requests deep in the chain walk nothing").isEqualTo(LENGTH + 1);

        served.tip = served.add(main.get(LENGTH));
        assertThat(server.headersAfter(List.of(main.get(LENGTH - 1).header().hash(CHAIN_ID)), 5))
                .containsExactly(main.get(LENGTH).header());
        assertThat(server.walked()).as("a new tip walks one block").isEqualTo(LENGTH + 2);

        // a reorg onto a branch forking at 1,400: only the branch's 150 blocks are walked, and a locator naming a
        // block of the branch left behind is answered from the fork point
        BlockNode branchTip = null;
        for (Block block : branch) {
            branchTip = served.add(block);
        }
        served.tip = branchTip;
        List<BlockHeader> answer = server.headersAfter(List.of(main.get(1_449).header().hash(CHAIN_ID),
                main.get(1_399).header().hash(CHAIN_ID)), 2);
        assertThat(answer).containsExactly(branch.get(0).header(), branch.get(1).header());
        assertThat(server.walked()).isEqualTo(LENGTH + 2 + 150);
        assertThat(server.locator().getFirst()).isEqualTo(branchTip.hash());
        assertThat(server.headersAfter(List.of(branch.get(148).header().hash(CHAIN_ID)), 10))
                .containsExactly(branch.get(149).header());
    }
}
