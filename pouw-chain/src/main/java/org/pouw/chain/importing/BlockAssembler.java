package org.pouw.chain.importing;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.block.BlockRules;
import org.pouw.chain.block.BlockTimeRule;
import org.pouw.chain.block.MinedWork;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.wire.Bytes32;

/**
 * The miner's side of {@link BlockImporter}: a block from a winning step and the mempool's transactions. The header
 * commits to the miner's whole segment since its previous block on the task (every leaf under one Merkle root, from
 * the state the trainer started at, the winner last, docs/chain.md §5.1); the body is run by the chain's full
 * {@link BlockRules#execute} with that mined work (the code validators apply, task and audit hooks included); the winner is
 * opened with its start state and its batch records; the header is signed.
 */
public final class BlockAssembler {
    private final BlockImporter chain;
    private final BlockRules rules;
    private final Ed25519.KeyPair key;
    private final Bytes32 miner;

    public BlockAssembler(BlockImporter chain, Ed25519.KeyPair key) {
        this.chain = chain;
        this.rules = chain.blockRules();
        this.key = key;
        this.miner = Bytes32.of(key.publicKey());
    }

    /** The transactions the mempool offers for a block on {@code parent}, up to the block limit. */
    public List<Transaction> select(Mempool mempool, BlockNode parent) {
        return mempool.select(chain.genesis().block().maxTransactions(), parent.state(), parent.height() + 1);
    }

    /**
     * Builds the block on {@code parent} at {@code timestamp} from {@code win}, the last step of a segment on
     * {@code taskId} trained on {@code data} with the parent as the winner's tip. The timestamp is raised to one
     * second past the median-time-past if it is not after it.
     *
     * @throws IllegalStateException when the body can not be mined (the task is unknown or not this miner's, the
     *                               segment does not chain, the miner is not staked, a transaction fails)
     */
    public Block assemble(BlockNode parent, long timestamp, Bytes32 taskId, Dataset data, ChainTrainer.Win win,
                          List<Transaction> transactions) {
        long height = parent.height() + 1;
        PayForTask task = chain.taskFor(parent, taskId);
        if (task == null) {
            throw new IllegalStateException("no block on " + parent + ": task " + taskId.hex() + " is unknown there");
        }
        int bits = chain.expectedBits(parent);
        MiningProof proof = proof(win);
        BlockOutcome outcome = rules.execute(parent.state(), miner, height, new MinedWork(taskId, proof, bits),
                transactions);
        if (!outcome.isValid()) {
            throw new IllegalStateException("no block on " + parent + ": " + outcome.defect() + " "
                    + outcome.detail());
        }
        long time = Math.max(timestamp, BlockTimeRule.medianTimePast(chain.ancestorTimes(parent)) + 1);
        BlockHeader header = BlockHeader.sign(key, chain.chainId(), height, parent.hash(), time, bits,
                Block.transactionsRoot(transactions), outcome.stateRoot(), taskId, proof);
        MinedStep winner = win.step().mined();
        int[] batch = TipKeyedBatch.draw(task.task().seed(), miner, parent.hash(), winner.step(),
                Math.toIntExact(task.datasetSize()), task.task().hyperparameters().batchSize());
        return new Block(header, new WinnerOpening(win.startState(), OpenedBatch.open(data, batch)), transactions);
    }

    /** The mining proof of a win: the segment's Merkle root over every leaf, and the winner's path as the last. */
    static MiningProof proof(ChainTrainer.Win win) {
        List<MinedStep> segment = win.segment();
        byte[][] leaves = new byte[segment.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = segment.get(i).leafHash().toArray();
        }
        MerkleTree tree = MerkleTree.ofLeafHashes(leaves);
        List<Bytes32> path = new ArrayList<>();
        for (byte[] sibling : tree.prove(leaves.length - 1).siblings()) {
            path.add(Bytes32.of(sibling));
        }
        return new MiningProof(Bytes32.of(tree.root()), leaves.length, win.segmentStart(), win.step().mined(), path,
                win.j());
    }
}
