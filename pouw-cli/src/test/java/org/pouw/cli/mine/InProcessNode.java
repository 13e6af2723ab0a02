package org.pouw.cli.mine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.MempoolSize;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.Clock;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * A node in the test's own process: a real {@link BlockImporter} with its mempool — every posted block decoded,
 * replayed and applied, every transaction checked by the chain's rules — behind the miner's {@link ChainNodeLink},
 * with no HTTP in between. It counts what it imported, by miner.
 */
final class InProcessNode implements ChainNodeLink {
    private final ChainGenesis genesis;
    private final BlockImporter importer;
    private final Map<Bytes32, byte[]> datasets = new HashMap<>();
    private final Map<Bytes32, Integer> importedByMiner = new HashMap<>();

    InProcessNode(ChainGenesis genesis, Clock clock) {
        this.genesis = genesis;
        this.importer = BlockImporter.open(genesis, new InMemoryChainStore(), clock, new MempoolSize(4_096, 64),
                ThreadTeam.single());
    }

    BlockImporter importer() {
        return importer;
    }

    synchronized void holdDataset(Dataset data) {
        datasets.put(new DatasetId(data.root(), data.size()).hash(), DatasetCodec.encode(data));
    }

    synchronized int importedFrom(Bytes32 miner) {
        return importedByMiner.getOrDefault(miner, 0);
    }

    @Override
    public synchronized byte[] genesis() {
        return genesis.encode();
    }

    @Override
    public synchronized Head head() {
        return new Head(importer.tip().height(), importer.tip().hash());
    }

    @Override
    public synchronized List<byte[]> blocks(long from, int limit) {
        BlockNode tip = importer.tip();
        List<byte[]> page = new ArrayList<>();
        for (long height = Math.max(1, from); height <= tip.height() && page.size() < limit; height++) {
            page.add(importer.block(tip.ancestorAt(height).hash()).orElseThrow().encode());
        }
        return page;
    }

    @Override
    public synchronized List<byte[]> mempool() {
        // as a node lists it: every pending transaction, by sender then nonce (docs/api.md "mempool")
        return importer.mempool().pending().stream().map(Transaction::encode).toList();
    }

    @Override
    public synchronized String postBlock(byte[] encoded) {
        ImportResult result = importer.importBytes(encoded);
        return switch (result.status()) {
            case ACCEPTED, SIDE_BRANCH -> {
                importedByMiner.merge(Block.decode(encoded).header().miner(), 1, Integer::sum);
                yield "imported";
            }
            case ALREADY_KNOWN -> "known";
            case ORPHAN_HELD -> "orphan";
            case REFUSED -> throw new NodeRefusedException(result.refusal().name(), result.toString());
        };
    }

    @Override
    public synchronized void postTransaction(byte[] encoded) {
        Transaction tx = Transaction.decode(encoded);
        BlockNode tip = importer.tip();
        MempoolAdmission admission = importer.mempool().add(tx, tip.state(), tip.height() + 1);
        if (!admission.isAccepted()) {
            throw new NodeRefusedException(admission.refusal().name(), admission.message());
        }
    }

    @Override
    public synchronized Optional<byte[]> dataset(Bytes32 datasetId) {
        return Optional.ofNullable(datasets.get(datasetId));
    }
}
