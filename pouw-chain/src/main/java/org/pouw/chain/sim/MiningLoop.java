package org.pouw.chain.sim;

import java.util.List;
import java.util.function.Supplier;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.tx.Transaction;

/**
 * What a {@link SimulatedMiner} trains and mines with: the honest {@code ChainMiner} ({@link HonestMiningLoop}) or an
 * adversary's variant of it ({@link WorkSkippingLoop}).
 */
interface MiningLoop {
    /**
     * Trains the miner's assigned task on {@code parent} for at most {@code maxSteps} steps; the block if a step won
     * (its body asked for only then), else null.
     */
    Block mine(BlockImporter node, BlockNode parent, long timestamp, Supplier<List<Transaction>> body, int maxSteps);

    /** The {@code audit_open}s of the miner's challenged audits on {@code parent}'s state, oldest first, at most max. */
    List<Transaction> openings(BlockImporter node, BlockNode parent, int max);

    long steps();

    long tickets();
}
