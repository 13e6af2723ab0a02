package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.net.SyncCodec;
import org.pouw.chain.net.SyncMessage;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.net.ChainNetwork;
import org.pouw.node.net.TxInventory;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;

/**
 * A relay overloaded past the announcements it keeps waiting a peer (docs/network.md §4, "Overload"): a peer announces
 * far more transactions at once than a node fetches and keeps waiting (32 in flight and 5,000 waiting); the node drops
 * the rest, as the transport tells each id once, and must learn them again from the announcer's inventory. Every
 * transaction then reaches the node and the node behind it, both on real SQLite over the real transport. Before the
 * inventory, the dropped ones never arrived anywhere.
 */
class TxRelayOverloadTest {
    /** Well past the 32 fetches in flight and 5,000 ids kept waiting for one peer. */
    private static final int TRANSACTIONS = 8_000;

    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private final List<RunningNode> nodes = new ArrayList<>();
    private PeerNode announcer;

    @AfterEach
    void stop() {
        if (announcer != null) {
            announcer.close();
        }
        nodes.forEach(RunningNode::close);
    }

    private RunningNode start(String name, RunningNode bootstrap) {
        Path data = dir.resolve(name);
        chain.writeGenesis(data);
        Map<String, String> settings = new HashMap<>(Map.of("chain.enabled", "true", "p2p.enabled", "true",
                "p2p.listen_port", "0", "p2p.allow_local_addresses", "true",
                // one sender's whole run is held: nothing is mined here
                "chain.mempool_capacity", "20000", "chain.mempool_per_sender", "20000"));
        if (bootstrap != null) {
            settings.put("p2p.bootstrap", "127.0.0.1:" + network(bootstrap).port());
        }
        RunningNode node = new RunningNode(data, settings, HttpChainFixture.clock());
        nodes.add(node);
        return node;
    }

    private static ChainNetwork network(RunningNode node) {
        return node.node.chainNetwork().orElseThrow();
    }

    private static int pending(RunningNode node) {
        return node.node.chain().orElseThrow().read(reader -> reader.pendingBySender(Integer.MAX_VALUE).size());
    }

    @Test
    void transactionsDroppedByAnOverloadedRelayStillReachEveryNode() throws Exception {
        RunningNode relay = start("relay", null);
        RunningNode behind = start("behind", relay);
        await().atMost(Duration.ofSeconds(60)).until(() -> !network(behind).peers().isEmpty());

        // the announcer serves its transactions and its inventory as a node does, in the order it took them
        Map<Bytes32, byte[]> served = new ConcurrentHashMap<>();
        List<Bytes32> order = new ArrayList<>();
        for (int nonce = 0; nonce < TRANSACTIONS; nonce++) {
            Transaction tx = chain.transfer(HttpChainFixture.CAROL, nonce, 10, HttpChainFixture.BOB, 1);
            Bytes32 id = tx.id(chain.genesisNode().hash());
            served.put(id, tx.encode());
            order.add(id);
        }
        byte[] chainId = chain.genesisNode().hash().toArray();
        announcer = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(),
                new ChainIdentity(chainId, chainId), "127.0.0.1", 0), new InMemoryPeerBook());
        announcer.serve(ChainNetwork.TX, (by, id) -> Optional.ofNullable(served.get(Bytes32.of(id))));
        announcer.serve(ChainNetwork.TX_INVENTORY, (by, id) -> Optional.of(TxInventory.encode(order)));
        // and answers a header request as a node at the genesis does (no headers past it): the relay's sync cuts a
        // peer that leaves its requests unanswered as stalled mid-sync, and nothing here would dial the announcer again
        announcer.onPayload(ChainNetwork.GET_HEADERS, (from, body) -> announcer.send(from, ChainNetwork.HEADERS,
                SyncCodec.encode(new SyncMessage.Headers(List.of()))));
        announcer.connect("127.0.0.1", network(relay).port()).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> !announcer.peers().isEmpty());

        for (Bytes32 id : order) {
            announcer.announce(ChainNetwork.TX, id.toArray());
        }

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pending(relay) == TRANSACTIONS && pending(behind) == TRANSACTIONS);
        assertThat(network(relay).droppedTxAnnouncements()).as("the relay was overloaded past its bound")
                .isPositive();
        assertThat(network(relay).score(announcer.self())).as("announcing much is no offence").isZero();
    }
}
