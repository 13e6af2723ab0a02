package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainService;
import org.pouw.node.net.ChainNetwork;
import org.pouw.node.net.TxInventory;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;

/**
 * A node's transaction inventory lists what it still has pending (docs/network.md §4, "Overload"), asked over the
 * real transport of a node on real SQLite. Before, a mined transaction stayed listed until 20,000 newer ones pushed it
 * out of the serving cache: a peer behind fetched it once more, its mempool refused it, nothing was taken, and that
 * peer's inventory rounds stopped there.
 */
class TxInventoryPendingOnlyTest {
    /** The inventory request (TxInventory.REQUEST, package-private to the node's network). */
    private static final byte[] REQUEST = {1};

    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private RunningNode node;
    private PeerNode asker;

    @AfterEach
    void stop() {
        if (asker != null) {
            asker.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private Bytes32 id(Transaction tx) {
        return tx.id(chain.genesisNode().hash());
    }

    @Test
    void aMinedTransactionIsNoLongerListedWhilePendingOnesAre() throws Exception {
        node = chain.startRelayNode(dir.resolve("node"));
        ChainService service = node.node.chain().orElseThrow();
        ChainNetwork network = node.node.chainNetwork().orElseThrow();
        List<Transaction> txs = List.of(
                chain.transfer(HttpChainFixture.CAROL, 0, 10, HttpChainFixture.BOB, 1),
                chain.transfer(HttpChainFixture.CAROL, 1, 10, HttpChainFixture.BOB, 1),
                chain.transfer(HttpChainFixture.CAROL, 2, 10, HttpChainFixture.BOB, 1));
        for (Transaction tx : txs) {
            assertThat(service.submitTx(tx.encode()).reason()).as("the mempool takes " + tx).isNull();
        }
        byte[] chainId = chain.genesisNode().hash().toArray();
        asker = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), new ChainIdentity(chainId, chainId),
                "127.0.0.1", 0), new InMemoryPeerBook());
        asker.connect("127.0.0.1", network.port()).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> !asker.peers().isEmpty());
        assertThat(inventory(network)).as("all pending").containsExactly(id(txs.get(0)), id(txs.get(1)),
                id(txs.get(2)));

        Block block = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 1, List.of(txs.get(0))).getFirst();
        assertThat(service.submitBlock(block.encode()).isRefused()).isFalse();

        // the answer may be a crank old (the gone ids are worked out once a crank)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inventory(network))
                .as("the mined one left, the pending ones stay, in the order taken")
                .containsExactly(id(txs.get(1)), id(txs.get(2))));
    }

    private List<Bytes32> inventory(ChainNetwork network) throws Exception {
        return TxInventory.decode(asker.fetch(network.self(), ChainNetwork.TX_INVENTORY, REQUEST)
                .get(30, TimeUnit.SECONDS));
    }
}
