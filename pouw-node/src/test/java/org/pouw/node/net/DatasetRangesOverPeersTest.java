package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.chain.net.BlobFetch;
import org.pouw.chain.task.DatasetId;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;

/**
 * {@code get_blob} over the real transport (TLS, the bulk stream): a node fetches a dataset's records by range from an
 * honest peer, a liar (serves the records with one byte changed) and a staller (holds its answers past the range
 * timeout).
 * Every record arrives right; the liar is banned by the fetching node, the staller and the honest peer are not.
 */
class DatasetRangesOverPeersTest {
    private static final ChainIdentity CHAIN = new ChainIdentity("pouw-blob-test".getBytes(StandardCharsets.UTF_8),
            new byte[] {7});
    private final List<PeerNode> nodes = new ArrayList<>();
    /** Holds the staller's answers until the test ends. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        nodes.forEach(PeerNode::close);
    }

    @Test
    void anHonestPeerALiarAndAStallerOverTheTransport() throws Exception {
        Dataset data = dataset(600);
        byte[] encoded = DatasetCodec.encode(data);
        DatasetId id = new DatasetId(data.root(), data.size());
        Bytes32 hash = id.hash();
        DatasetRanges ranges = new DatasetRanges(asked -> asked.equals(hash) ? Optional.of(encoded)
                : Optional.empty());

        PeerNode honest = start();
        honest.serve(ChainNetwork.BLOB, (by, range) -> ranges.answer(range));
        PeerNode liar = start();
        liar.serve(ChainNetwork.BLOB, (by, range) -> ranges.answer(range).map(bytes -> {
            byte[] lie = bytes.clone();
            lie[lie.length / 2] ^= 1;
            return lie;
        }));
        PeerNode staller = start();
        staller.serve(ChainNetwork.BLOB, (by, range) -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ranges.answer(range);
        });
        PeerNode fetcher = start();
        for (PeerNode peer : List.of(liar, staller, honest)) {
            fetcher.connect("127.0.0.1", peer.port()).get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fetcher.peers().size() == 3);

        PeerBlobSource source = new PeerBlobSource(fetcher);
        List<byte[]> records = new BlobFetch(id, 50, Duration.ofSeconds(5), source, source)
                .fetch(List.of(TransportPort.peer(liar.self()), TransportPort.peer(staller.self()),
                        TransportPort.peer(honest.self())))
                .get(60, TimeUnit.SECONDS);

        assertThat(records).hasSize(data.size());
        for (int i = 0; i < data.size(); i++) {
            assertThat(records.get(i)).as("record %d", i).isEqualTo(data.record(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fetcher.bans().isBanned(liar.self().toString()));
        assertThat(fetcher.bans().isBanned(staller.self().toString())).isFalse();
        assertThat(fetcher.score(staller.self())).isZero();
        assertThat(fetcher.score(honest.self())).isZero();
    }

    @Test
    void aRangeOfADatasetNotHeldOrABadIdIsNotFound() {
        DatasetRanges none = new DatasetRanges(asked -> Optional.empty());
        Dataset data = dataset(10);
        Bytes32 hash = new DatasetId(data.root(), data.size()).hash();
        assertThat(none.answer(new org.pouw.chain.net.BlobRange(hash, 0, 5).id())).isEmpty();
        DatasetRanges held = new DatasetRanges(asked -> Optional.of(DatasetCodec.encode(data)));
        assertThat(held.answer(new byte[] {1, 2, 3})).isEmpty();
        assertThat(held.answer(new org.pouw.chain.net.BlobRange(hash, 10, 5).id())).as("past the end").isEmpty();
        assertThat(held.answer(new org.pouw.chain.net.BlobRange(hash, 8, 5).id())).isPresent();
    }

    private PeerNode start() {
        try {
            PeerNode node = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), CHAIN, "127.0.0.1", 0),
                    new InMemoryPeerBook());
            nodes.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dataset dataset(int size) {
        SplittableRandom random = new SplittableRandom(size);
        float[][] features = new float[size][8];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            for (int f = 0; f < 8; f++) {
                features[i][f] = (float) random.nextDouble();
            }
            labels[i] = random.nextInt(4);
        }
        return Dataset.of(features, labels, 4);
    }
}
