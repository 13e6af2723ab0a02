package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.TaskCost;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.net.ChainNetwork;

/**
 * The node fetching a task's dataset over the peer network ({@code get_blob}, docs/network.md §4 "Blobs"): two nodes
 * on real SQLite joined by the real transport; a dataset is uploaded to the first only, and a block posting a task on
 * it reaches the second, which fetches the dataset's records from the first by proven ranges and then serves it to
 * its own miners over HTTP, byte for byte the records the task names.
 */
class TaskDatasetsOverPeersTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private final List<RunningNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(RunningNode::close);
    }

    private RunningNode start(String name, RunningNode bootstrap) {
        Path data = dir.resolve(name);
        chain.writeGenesis(data);
        Map<String, String> settings = new HashMap<>();
        settings.put("chain.enabled", "true");
        settings.put("p2p.enabled", "true");
        settings.put("p2p.listen_port", "0");
        settings.put("p2p.allow_local_addresses", "true");
        if (bootstrap != null) {
            settings.put("p2p.bootstrap", "127.0.0.1:" + bootstrap.node.chainNetwork().orElseThrow().port());
        }
        RunningNode node = new RunningNode(data, settings, HttpChainFixture.clock());
        nodes.add(node);
        return node;
    }

    @Test
    void aPostedTasksDatasetIsFetchedFromAPeerAndServedToMiners() {
        Dataset train = DemoGenesis.blobs(700, 3, 2, 0.3, 41);     // three ranges of 256 records
        DatasetId id = new DatasetId(train.root(), train.size());
        RunningNode a = start("a", null);
        HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(a.base + "/v1/chain/datasets"))
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", "Bearer " + a.signIn(HttpChainFixture.ALICE))
                .POST(HttpRequest.BodyPublishers.ofByteArray(DatasetCodec.encode(train)));
        assertThat(a.send(upload).status()).isEqualTo(201);

        RunningNode b = start("b", a);
        await().atMost(PATIENCE).until(() -> !b.node.chainNetwork().orElseThrow().peers().isEmpty());
        String path = "/v1/chain/datasets/" + id.hash().hex();
        assertThat(b.get(path).status()).as("b holds no such dataset yet").isEqualTo(404);

        Transaction post = Transaction.sign(HttpChainFixture.CAROL, chain.genesisNode().hash(), 0, 1, new byte[0],
                task(train));
        Block block = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 1, List.of(post)).getFirst();
        assertThat(a.post("/v1/chain/blocks", HttpChainFixture.blockBody(block), null).status()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> b.get(path).status() == 200);
        Dataset fetched = DatasetCodec.decode(b.get(path).bytes());
        assertThat(fetched.root()).isEqualTo(train.root());
        assertThat(fetched.size()).isEqualTo(train.size());
        for (int i = 0; i < train.size(); i++) {
            assertThat(fetched.record(i)).as("record %d", i).isEqualTo(train.record(i));
        }
        ChainNetwork network = b.node.chainNetwork().orElseThrow();
        network.peers().forEach(peer -> assertThat(network.score(peer.peerId())).isZero());
    }

    private PayForTask task(Dataset train) {
        long escrow = 200 * TaskCost.ofBits(HttpChainFixture.genesis().bits(), TaskParameters.DEFAULTS)
                .longValueExact();
        TrainingTask task = new TrainingTask(MlpArchitecture.of(3, List.of(8), Activation.RELU, 2),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 8), train.root(),
                Bytes32.fromHex("e1".repeat(32)), 7, 1_000_000, TargetMetric.accuracyAtLeast(0.5), escrow);
        return new PayForTask(task, train.size(), 3, 2, 100, 130, 160);
    }
}
