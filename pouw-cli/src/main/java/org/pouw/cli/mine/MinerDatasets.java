package org.pouw.cli.mine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.tx.PayForTask;
import org.pouw.ml.MlException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;

/**
 * The training data of the tasks a miner is assigned, fetched from the node by dataset id and checked against the
 * task before use: the records must hash to the task's Merkle root and number its n (docs/chain.md §4.2), so a node
 * serving other data is caught here rather than by a refused block. The demo chain's data is generated, not fetched.
 */
final class MinerDatasets {
    private final ChainNodeLink node;
    private final Map<Bytes32, Dataset> byRoot = new HashMap<>();

    MinerDatasets(ChainNodeLink node) {
        this.node = node;
        Dataset demo = DemoGenesis.data();
        byRoot.put(demo.root(), demo);
    }

    /** The task's dataset, or empty with {@code why} filled when the node does not hold it or served other data. */
    Optional<Dataset> forTask(PayForTask task, StringBuilder why) {
        Bytes32 root = task.task().datasetRoot();
        Dataset held = byRoot.get(root);
        if (held != null) {
            return Optional.of(held);
        }
        DatasetId id = new DatasetId(root, task.datasetSize());
        Optional<byte[]> fetched = node.dataset(id.hash());
        if (fetched.isEmpty()) {
            why.append("the node does not hold dataset ").append(id.hash().hex());
            return Optional.empty();
        }
        Dataset data;
        try {
            data = DatasetCodec.decode(fetched.get());
        } catch (MlException | IllegalArgumentException e) {
            why.append("the node served dataset ").append(id.hash().hex()).append(" in a form that does not decode: ")
                    .append(e.getMessage());
            return Optional.empty();
        }
        if (!data.root().equals(root) || data.size() != task.datasetSize()) {
            why.append("the node served dataset ").append(id.hash().hex()).append(" with root ")
                    .append(data.root().hex()).append(" and ").append(data.size()).append(" records, not the task's");
            return Optional.empty();
        }
        byRoot.put(root, data);
        return Optional.of(data);
    }
}
