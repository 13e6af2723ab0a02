package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.net.ChainNetwork;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;

/**
 * Orphan transactions over the real transport (docs/network.md §4, "Orphan transactions"): a node on real SQLite
 * takes a sender's chained transactions relayed in reverse order, and a flood of orphans from many links stays within
 * the pool's bounds without pushing out an honest relay's few.
 */
class OrphanTransactionsOverPeersTest {
    private static final int MAX_ORPHANS = 256;
    private static final int MAX_PER_PEER = 32;

    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private final List<PeerNode> peers = new ArrayList<>();
    private RunningNode node;

    @AfterEach
    void stop() {
        peers.forEach(PeerNode::close);
        if (node != null) {
            node.close();
        }
    }

    private ChainNetwork start() {
        node = chain.startRelayNode(dir.resolve("node"));
        return node.node.chainNetwork().orElseThrow();
    }

    /** A peer linked to the node, serving whatever transactions are put in {@code served}. */
    private PeerNode peer(ChainNetwork to, Map<Bytes32, byte[]> served) {
        byte[] chainId = chain.genesisNode().hash().toArray();
        try {
            PeerNode peer = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(),
                    new ChainIdentity(chainId, chainId), "127.0.0.1", 0), new InMemoryPeerBook());
            peers.add(peer);
            peer.serve(ChainNetwork.TX, (by, id) -> Optional.ofNullable(served.get(Bytes32.of(id))));
            peer.connect("127.0.0.1", to.port()).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !peer.peers().isEmpty());
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("could not link to the node", e);
        }
    }

    private Bytes32 offer(Map<Bytes32, byte[]> served, Transaction tx) {
        Bytes32 id = tx.id(chain.genesisNode().hash());
        served.put(id, tx.encode());
        return id;
    }

    private int pending() {
        return node.get("/v1/chain/mempool").json().path("txs").size();
    }

    /** The orphan pool's gauge as the node's Prometheus page shows it. */
    private double orphanGauge() {
        String page = new String(node.get("/v1/pouw/metrics").bytes(), java.nio.charset.StandardCharsets.UTF_8);
        return page.lines().filter(line -> line.startsWith("pouw_chain_net_orphan_transactions "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no pouw_chain_net_orphan_transactions gauge"));
    }

    @Test
    void chainedTransactionsRelayedInReverseOrderAreAllTaken() {
        ChainNetwork network = start();
        Map<Bytes32, byte[]> served = new ConcurrentHashMap<>();
        PeerNode relay = peer(network, served);
        List<Bytes32> ids = new ArrayList<>();
        for (int nonce = 0; nonce < 4; nonce++) {
            ids.add(offer(served, chain.transfer(HttpChainFixture.CAROL, nonce, 10, HttpChainFixture.BOB, 100)));
        }

        for (int nonce = 3; nonce >= 1; nonce--) {
            relay.announce(ChainNetwork.TX, ids.get(nonce).toArray());
            int held = 4 - nonce;
            await().atMost(Duration.ofSeconds(30)).until(() -> network.orphanTransactions() == held);
        }
        assertThat(pending()).as("nothing taken while the first is missing").isZero();
        assertThat(orphanGauge()).as("the operator sees the pool").isEqualTo(3);
        relay.announce(ChainNetwork.TX, ids.get(0).toArray());

        await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 4);
        assertThat(network.orphanTransactions()).isZero();
        assertThat(orphanGauge()).isZero();
        assertThat(network.score(relay.self())).as("relaying out of order is no offence").isZero();
    }

    @Test
    void aFloodOfOrphansFromManyLinksStaysBoundedAndLeavesAnHonestRelaysOrphansAlone() {
        ChainNetwork network = start();
        Map<Bytes32, byte[]> honestServed = new ConcurrentHashMap<>();
        PeerNode honest = peer(network, honestServed);
        Bytes32 parent = offer(honestServed, chain.transfer(HttpChainFixture.CAROL, 0, 10, HttpChainFixture.BOB, 1));
        Bytes32 first = offer(honestServed, chain.transfer(HttpChainFixture.CAROL, 1, 10, HttpChainFixture.BOB, 1));
        Bytes32 second = offer(honestServed, chain.transfer(HttpChainFixture.CAROL, 2, 10, HttpChainFixture.BOB, 1));
        honest.announce(ChainNetwork.TX, first.toArray());
        honest.announce(ChainNetwork.TX, second.toArray());
        await().atMost(Duration.ofSeconds(30)).until(() -> network.orphanTransactions() == 2);

        // Nine links, each relaying one more than its share of transactions whose senders' earlier ones never come:
        // 297 orphans offered, more than the pool holds.
        int flooders = MAX_ORPHANS / MAX_PER_PEER + 1;
        for (int f = 0; f < flooders; f++) {
            Map<Bytes32, byte[]> served = new ConcurrentHashMap<>();
            PeerNode flooder = peer(network, served);
            Ed25519.KeyPair sender = Ed25519.KeyPair.generate();
            for (int i = 0; i <= MAX_PER_PEER; i++) {
                Transaction orphan = Transaction.sign(sender, chain.genesisNode().hash(), 1 + i, 10, new byte[0],
                        new org.pouw.chain.tx.Transfer(Bytes32.of(HttpChainFixture.BOB.publicKey()), 1));
                flooder.announce(ChainNetwork.TX, offer(served, orphan).toArray());
            }
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> network.orphanTransactions() == MAX_ORPHANS);
        // every flood transaction was fetched and judged; the pool stays at its bound
        await().atMost(Duration.ofSeconds(60)).until(() -> network.feeTransactionFetches() == 0);
        assertThat(network.orphanTransactions()).isEqualTo(MAX_ORPHANS);

        honest.announce(ChainNetwork.TX, parent.toArray());
        await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 3);
        assertThat(network.orphanTransactions()).as("the honest orphans left the pool by being taken")
                .isEqualTo(MAX_ORPHANS - 2);
        assertThat(MAX_ORPHANS - 2).isLessThanOrEqualTo(flooders * MAX_PER_PEER);
    }
}
