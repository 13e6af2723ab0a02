package org.pouw.node.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.EncodingException;

/**
 * The datasets of the tasks on this node's chain, fetched from its peers by {@code get_blob} (docs/network.md §4,
 * "Blobs"): when a block that posts a task joins the followed chain and the node does not hold the task's dataset, it
 * fetches the records over the peer network ({@link ChainNetwork#fetchDataset}, every record proven against the
 * dataset id), puts the dataset together and keeps it, so the miners attached to this node (which ask it over HTTP)
 * and its peers (which ask it by {@code get_blob}) find it here. A fetch that fails is tried again after
 * {@value #RETRY_CRANKS} cranks while the dataset is still wanted; uploading the dataset over HTTP stays the other
 * way in.
 *
 * <p>{@link #tipMoved} and {@link #crank} are called on the sync thread; fetches complete on transport threads.
 */
final class TaskDatasets {
    /** Cranks (seconds in the node) between two tries of a dataset no peer served whole. */
    static final int RETRY_CRANKS = 30;
    /** Blocks walked back from a new tip to find the tasks it posted; those further back were seen before. */
    static final int SCAN_DEPTH = 64;
    private static final System.Logger LOG = System.getLogger(TaskDatasets.class.getName());

    /** The fetch over the peer network, and what keeps a fetched dataset. */
    interface Port {
        boolean holds(Bytes32 datasetId);

        void keep(byte[] encoded);

        CompletableFuture<List<byte[]>> fetch(DatasetId dataset);
    }

    private record Wanted(DatasetId id, int classes) {
    }

    private final Port port;
    private final Function<Bytes32, java.util.Optional<Block>> blocks;
    private final Map<Bytes32, Wanted> wanted = new ConcurrentHashMap<>();
    private final Map<Bytes32, Long> nextTry = new ConcurrentHashMap<>();
    private final Map<Bytes32, CompletableFuture<List<byte[]>>> fetching = new ConcurrentHashMap<>();
    private final SequencedSet<Bytes32> scanned = new LinkedHashSet<>();

    TaskDatasets(Port port, Function<Bytes32, java.util.Optional<Block>> blocks) {
        this.port = port;
        this.blocks = blocks;
    }

    /** The followed chain's tip is {@code tip}: the tasks its newest blocks posted are looked at. */
    void tipMoved(BlockNode tip) {
        for (BlockNode at = tip; at != null && !at.isGenesis() && tip.height() - at.height() < SCAN_DEPTH;
             at = at.parent()) {
            if (!scanned.add(at.hash())) {
                break;
            }
            if (scanned.size() > 4 * SCAN_DEPTH) {
                scanned.removeFirst();
            }
            blocks.apply(at.hash()).ifPresent(block -> block.transactions().stream().map(Transaction::body)
                    .filter(PayForTask.class::isInstance).map(PayForTask.class::cast).forEach(this::posted));
        }
    }

    private void posted(PayForTask task) {
        DatasetId id = new DatasetId(task.task().datasetRoot(), task.datasetSize());
        if (!port.holds(id.hash())) {
            wanted.putIfAbsent(id.hash(), new Wanted(id, task.classes()));
        }
    }

    /** Starts the fetches due at crank {@code now}. */
    void crank(long now) {
        for (Wanted want : List.copyOf(wanted.values())) {
            Bytes32 key = want.id().hash();
            if (fetching.containsKey(key) || nextTry.getOrDefault(key, 0L) > now) {
                continue;
            }
            if (port.holds(key)) {
                wanted.remove(key);     // uploaded over HTTP meanwhile
                continue;
            }
            CompletableFuture<List<byte[]>> fetch = port.fetch(want.id());
            fetching.put(key, fetch);
            fetch.whenComplete((records, failure) -> {
                try {
                    if (failure == null) {
                        port.keep(DatasetCodec.encode(dataset(want, records)));
                        wanted.remove(key);
                        LOG.log(System.Logger.Level.INFO, () -> "dataset " + key.hex() + " fetched from peers ("
                                + records.size() + " records)");
                    } else {
                        nextTry.put(key, now + RETRY_CRANKS);
                        LOG.log(System.Logger.Level.INFO, () -> "dataset " + key.hex() + " not fetched from peers: "
                                + failure.getMessage());
                    }
                } catch (RuntimeException e) {
                    nextTry.put(key, now + RETRY_CRANKS);
                    LOG.log(System.Logger.Level.WARNING, "dataset " + key.hex() + " could not be kept", e);
                } finally {
                    fetching.remove(key);
                }
            });
        }
    }

    /** Datasets wanted and not yet held. */
    List<Bytes32> wanted() {
        return new ArrayList<>(wanted.keySet());
    }

    /**
     * The dataset of proven records (each {@code label i32 ‖ features u32 ‖ features × f32}, Dataset#record): the
     * proofs bound every byte to the root, so what does not parse was posted that way, and is refused here.
     */
    static Dataset dataset(Wanted want, List<byte[]> records) {
        float[][] features = new float[records.size()][];
        int[] labels = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            CanonicalReader in = new CanonicalReader(records.get(i));
            labels[i] = in.i32InRange("record " + i + " label", 0, want.classes() - 1);
            int width = in.i32InRange("record " + i + " features", 1, DatasetCodec.MAX_FEATURES);
            features[i] = new float[width];
            for (int f = 0; f < width; f++) {
                features[i][f] = in.f32("record " + i + " feature " + f);
            }
            in.requireEnd("record " + i);
        }
        Dataset data = Dataset.of(features, labels, want.classes());
        if (!data.root().equals(want.id().root())) {
            throw new EncodingException("the records put together have root " + data.root().hex() + ", not "
                    + want.id().root().hex());
        }
        return data;
    }
}
