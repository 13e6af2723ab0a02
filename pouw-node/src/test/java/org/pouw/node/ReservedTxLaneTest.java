package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * Reserved relay capacity for openings and evidence (docs/network.md §4), over the real transport: a node on real
 * SQLite whose fee-paying transaction fetches are all held by a flood (nine peers announcing transactions they never
 * serve) still fetches what an honest peer announces in the reserved lane; and a peer that passes a fee-paying
 * transfer off as evidence, to use that lane, is banned.
 */
class ReservedTxLaneTest {
    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private final List<PeerNode> peers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private RunningNode node;

    @AfterEach
    void stop() {
        release.countDown();
        peers.forEach(PeerNode::close);
        if (node != null) {
            node.close();
        }
    }

    private ChainNetwork start() {
        node = chain.startRelayNode(dir.resolve("node"));
        return node.node.chainNetwork().orElseThrow();
    }

    private PeerNode peer(ChainNetwork to) {
        byte[] chainId = chain.genesisNode().hash().toArray();
        try {
            PeerNode peer = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(),
                    new ChainIdentity(chainId, chainId), "127.0.0.1", 0), new InMemoryPeerBook());
            peers.add(peer);
            peer.connect("127.0.0.1", to.port()).get(30, TimeUnit.SECONDS);
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("could not link to the node", e);
        }
    }

    @Test
    void aFeeFloodFromManyPeersLeavesTheReservedLaneOpen() {
        ChainNetwork network = start();
        SplittableRandom random = new SplittableRandom(20);
        int flooders = ChainNetwork.MAX_TX_FETCHES / ChainNetwork.MAX_TX_FETCHES_PER_PEER + 1;
        for (int f = 0; f < flooders; f++) {
            PeerNode flooder = peer(network);
            flooder.serve(ChainNetwork.TX, (by, id) -> {
                awaitRelease();
                return Optional.empty();
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> !flooder.peers().isEmpty());
            for (int i = 0; i < 2 * ChainNetwork.MAX_TX_FETCHES_PER_PEER; i++) {
                flooder.announce(ChainNetwork.TX, randomId(random));
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> network.feeTransactionFetches() == ChainNetwork.MAX_TX_FETCHES);

        PeerNode honest = peer(network);
        Set<Integer> askedTypes = ConcurrentHashMap.newKeySet();
        honest.serve(ChainNetwork.TX, (by, id) -> {
            askedTypes.add(ChainNetwork.TX);
            return Optional.empty();
        });
        honest.serve(ChainNetwork.RESERVED_TX, (by, id) -> {
            askedTypes.add(ChainNetwork.RESERVED_TX);
            return Optional.empty();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> !honest.peers().isEmpty());
        honest.announce(ChainNetwork.TX, randomId(random));
        honest.announce(ChainNetwork.RESERVED_TX, randomId(random));

        await().atMost(Duration.ofSeconds(30)).until(() -> askedTypes.contains(ChainNetwork.RESERVED_TX));
        assertThat(askedTypes).as("the fee lane is full: the fee-paying announcement waits")
                .doesNotContain(ChainNetwork.TX);
        assertThat(network.feeTransactionFetches()).isEqualTo(ChainNetwork.MAX_TX_FETCHES);
    }

    @Test
    void aFeePayingTransactionPassedOffAsEvidenceBansItsRelay() {
        ChainNetwork network = start();
        Transaction transfer = chain.transfer(HttpChainFixture.CAROL, 0, 10, HttpChainFixture.BOB, 500);
        Bytes32 id = transfer.id(chain.genesisNode().hash());
        PeerNode liar = peer(network);
        liar.serve(ChainNetwork.RESERVED_TX, (by, asked) -> Optional.of(transfer.encode()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !liar.peers().isEmpty());
        liar.announce(ChainNetwork.RESERVED_TX, id.toArray());

        await().atMost(Duration.ofSeconds(30)).until(() -> network.banned(liar.self()));
        assertThat(node.get("/v1/chain/mempool").json().path("txs").size()).as("nor taken").isZero();
    }

    private void awaitRelease() {
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] randomId(SplittableRandom random) {
        byte[] id = new byte[Bytes32.LENGTH];
        random.nextBytes(id);
        return id;
    }
}
