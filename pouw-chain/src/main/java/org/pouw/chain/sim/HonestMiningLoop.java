package org.pouw.chain.sim;

import java.util.List;
import java.util.function.Supplier;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.tx.Transaction;

/** The chain's own miner loop, unchanged: the honest miner's (and the equivocator's, which cheats only in signing). */
final class HonestMiningLoop implements MiningLoop {
    private final ChainMiner miner;

    HonestMiningLoop(ChainMiner miner) {
        this.miner = miner;
    }

    @Override
    public Block mine(BlockImporter node, BlockNode parent, long timestamp, Supplier<List<Transaction>> body,
                      int maxSteps) {
        return miner.mine(node, parent, timestamp, body, maxSteps);
    }

    @Override
    public List<Transaction> openings(BlockImporter node, BlockNode parent, int max) {
        return miner.openings(node, parent, max);
    }

    @Override
    public long steps() {
        return miner.steps();
    }

    @Override
    public long tickets() {
        return miner.tickets();
    }
}
