package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.net.BlockTxnRequest;
import org.pouw.chain.net.BlockTxns;
import org.pouw.chain.net.CompactBlock;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainService;
import org.pouw.node.net.ChainNetwork;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;

/**
 * Compact blocks over the real transport between nodes on real SQLite (docs/network.md §4, "Compact blocks"): a valid
 * block over one link frame ({@link LargeBlocks}) posted to one node reaches its peer as a compact block, rebuilt from
 * the peer's mempool — whole, or after asking for the transactions it lacked — and never fetched whole; a raw peer
 * that sends transactions that do not match its short ids is banned, and one that never answers costs only a
 * fallback to the whole block.
 */
class CompactBlockRelayTest {
    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture(LargeBlocks.genesis());
    private final List<RunningNode> nodes = new ArrayList<>();
    private PeerNode raw;

    @AfterEach
    void stop() {
        if (raw != null) {
            raw.close();
        }
        nodes.forEach(RunningNode::close);
    }

    private RunningNode start(String name, Integer bootstrapPort) {
        Path data = dir.resolve(name);
        chain.writeGenesis(data);
        Map<String, String> settings = new HashMap<>(Map.of("chain.enabled", "true", "p2p.enabled", "true",
                "p2p.listen_port", "0", "p2p.allow_local_addresses", "true"));
        if (bootstrapPort != null) {
            settings.put("p2p.bootstrap", "127.0.0.1:" + bootstrapPort);
        }
        RunningNode node = new RunningNode(data, settings, HttpChainFixture.clock());
        nodes.add(node);
        return node;
    }

    private static ChainService chainOf(RunningNode node) {
        return node.node.chain().orElseThrow();
    }

    private static ChainNetwork networkOf(RunningNode node) {
        return node.node.chainNetwork().orElseThrow();
    }

    private static void submit(RunningNode node, List<Transaction> txs) {
        for (Transaction tx : txs) {
            String refused = chainOf(node).submitTx(tx.encode()).reason();
            assertThat(refused).as("the mempool takes " + tx).isNull();
        }
    }

    private static double metric(RunningNode node, String series) {
        String page = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        return page.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    private Block largeBlock(List<Transaction> txs) {
        Block block = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 1, txs).getFirst();
        assertThat(block.encode().length).as("larger than one link frame").isGreaterThan(240 * 1024);
        return block;
    }

    /** The transfers of the first sender (every {@value LargeBlocks#SENDERS}th), in nonce order. */
    private static List<Transaction> firstSendersTransfers(List<Transaction> txs) {
        List<Transaction> first = new ArrayList<>();
        for (int i = 0; i < txs.size(); i += LargeBlocks.SENDERS) {
            first.add(txs.get(i));
        }
        return first;
    }

    private static long height(RunningNode node) {
        return node.get("/v1/chain/head").json().path("height").asLong();
    }

    @Test
    void aLargeBlockReachesAPeerAsACompactBlockRebuiltFromItsMempool() {
        RunningNode a = start("a", null);
        RunningNode b = start("b", networkOf(a).port());
        await().atMost(Duration.ofSeconds(60)).until(() -> !networkOf(b).peers().isEmpty()
                && !networkOf(a).peers().isEmpty());
        List<Transaction> txs = LargeBlocks.transfers(chain.genesis, LargeBlocks.TRANSFERS);
        submit(a, txs);
        submit(b, txs);
        Block block = largeBlock(txs);

        assertThat(chainOf(a).submitBlock(block.encode()).isRefused()).isFalse();

        await().atMost(Duration.ofSeconds(60)).until(() -> height(b) == 1);
        assertThat(b.get("/v1/chain/head").json().path("hash").asString()).isEqualTo(chain.hash(block).hex());
        assertThat(metric(b, "pouw_chain_net_compact_blocks_total{outcome=\"rebuilt\"}")).isEqualTo(1);
        assertThat(metric(b, "pouw_chain_net_messages_total{direction=\"in\",type=\"block_body\"}"))
                .as("never fetched whole").isZero();
        assertThat(metric(b, "pouw_chain_net_bytes_total{direction=\"in\",type=\"compact_block\"}"))
                .as("the compact block is a small part of the block").isLessThan(block.encode().length / 4.0);
    }

    @Test
    void transactionsThePeerLacksAreAskedForAndTheBlockIsRebuiltWithThem() {
        RunningNode a = start("a", null);
        List<Transaction> txs = LargeBlocks.transfers(chain.genesis, LargeBlocks.TRANSFERS);
        // the first sender's transfers, taken by a before b links: never announced to b, which lacks them when the
        // block comes
        List<Transaction> onlyA = firstSendersTransfers(txs);
        submit(a, onlyA);
        RunningNode b = start("b", networkOf(a).port());
        await().atMost(Duration.ofSeconds(60)).until(() -> !networkOf(b).peers().isEmpty()
                && !networkOf(a).peers().isEmpty());
        List<Transaction> both = txs.stream().filter(tx -> !onlyA.contains(tx)).toList();
        submit(a, both);
        submit(b, both);
        Block block = largeBlock(txs);

        assertThat(chainOf(a).submitBlock(block.encode()).isRefused()).isFalse();

        await().atMost(Duration.ofSeconds(60)).until(() -> height(b) == 1);
        assertThat(metric(b, "pouw_chain_net_compact_blocks_total{outcome=\"rebuilt_after_asking\"}")).isEqualTo(1);
        assertThat(metric(b, "pouw_chain_net_messages_total{direction=\"out\",type=\"get_block_txn\"}"))
                .isEqualTo(1);
        assertThat(metric(b, "pouw_chain_net_messages_total{direction=\"in\",type=\"block_body\"}")).isZero();
        assertThat(networkOf(b).score(networkOf(a).self())).isZero();
    }

    /** A raw peer linked to {@code node} that serves {@code block} whole on the bulk stream when asked. */
    private PeerNode rawPeer(RunningNode node, Block block) throws Exception {
        byte[] chainId = chain.genesisNode().hash().toArray();
        raw = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), new ChainIdentity(chainId, chainId),
                "127.0.0.1", 0), new InMemoryPeerBook());
        raw.serve(ChainNetwork.BLOCK, (by, id) -> Bytes32.of(id).equals(chain.hash(block))
                ? Optional.of(block.encode()) : Optional.empty());
        raw.connect("127.0.0.1", networkOf(node).port()).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> !raw.peers().isEmpty());
        return raw;
    }

    @Test
    void aPeerWhoseTransactionsDoNotMatchItsShortIdsIsBanned() throws Exception {
        RunningNode b = start("b", null);
        List<Transaction> txs = LargeBlocks.transfers(chain.genesis, LargeBlocks.TRANSFERS);
        submit(b, txs.stream().filter(tx -> !firstSendersTransfers(txs).contains(tx)).toList());
        Block block = largeBlock(txs);
        PeerNode liar = rawPeer(b, block);
        liar.onPayload(ChainNetwork.GET_BLOCK_TXN, (from, body) -> {
            BlockTxnRequest asked = BlockTxnRequest.decode(body);
            List<Transaction> answer = new ArrayList<>();
            for (int index : asked.indexes()) {
                answer.add(block.transactions().get(index));
            }
            answer.set(0, block.transactions().get(1));     // another transaction where the first was asked for
            liar.send(from, ChainNetwork.BLOCK_TXN, new BlockTxns(asked.hash(), answer).encode());
        });

        liar.send(networkOf(b).self(), ChainNetwork.COMPACT_BLOCK,
                CompactBlock.of(block, chain.genesis.chainId(), 42, id -> false).encode());

        await().atMost(Duration.ofSeconds(60)).until(() -> networkOf(b).banned(liar.self()));
        assertThat(metric(b, "pouw_chain_net_compact_blocks_total{outcome=\"lie\"}")).isEqualTo(1);
        assertThat(height(b)).isZero();
    }

    @Test
    void aPeerThatNeverSendsTheMissingTransactionsCostsOnlyAFallbackToTheWholeBlock() throws Exception {
        RunningNode b = start("b", null);
        List<Transaction> txs = LargeBlocks.transfers(chain.genesis, LargeBlocks.TRANSFERS);
        submit(b, txs.stream().filter(tx -> !firstSendersTransfers(txs).contains(tx)).toList());
        Block block = largeBlock(txs);
        PeerNode silent = rawPeer(b, block);     // serves the block whole, ignores get_block_txn

        silent.send(networkOf(b).self(), ChainNetwork.COMPACT_BLOCK,
                CompactBlock.of(block, chain.genesis.chainId(), 43, id -> false).encode());

        await().atMost(Duration.ofSeconds(60)).until(() -> height(b) == 1);
        assertThat(metric(b, "pouw_chain_net_compact_blocks_total{outcome=\"fallback\"}")).isEqualTo(1);
        assertThat(metric(b, "pouw_chain_net_messages_total{direction=\"in\",type=\"block_body\"}"))
                .isEqualTo(1);
        assertThat(networkOf(b).score(silent.self())).as("a silent sender is no liar").isZero();
    }

    @Test
    void aCompactBlockWhoseHeaderCouldNotHeadABlockIsNotRebuilt() throws Exception {
        RunningNode b = start("b", null);
        List<Transaction> txs = LargeBlocks.transfers(chain.genesis, LargeBlocks.TRANSFERS);
        submit(b, txs);
        Block block = largeBlock(txs);
        PeerNode sender = rawPeer(b, block);
        BlockHeader h = block.header();
        BlockHeader unsigned = new BlockHeader(h.height(), h.parent(), h.timestamp(), h.bits(), h.txRoot(),
                h.stateRoot(), h.miner(), h.taskId(), h.proof(), new byte[64]);

        sender.send(networkOf(b).self(), ChainNetwork.COMPACT_BLOCK, CompactBlock.of(new Block(unsigned,
                block.opening(), block.transactions()), chain.genesis.chainId(), 1, id -> false).encode());
        // the sync thread takes them in order: once the honest one is in, the forged one was looked at
        sender.send(networkOf(b).self(), ChainNetwork.COMPACT_BLOCK,
                CompactBlock.of(block, chain.genesis.chainId(), 2, id -> false).encode());

        await().atMost(Duration.ofSeconds(60)).until(() -> height(b) == 1);
        assertThat(metric(b, "pouw_chain_net_compact_blocks_total{outcome=\"rebuilt\"}"))
                .as("only the block whose header passes is rebuilt").isEqualTo(1);
        assertThat(metric(b, "pouw_chain_net_compact_blocks_total{outcome=\"fallback\"}")).isZero();
    }
}
