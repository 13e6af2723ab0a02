package org.pouw.chain.net;

import java.util.Optional;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ImportResult;
import org.pouw.ml.wire.Bytes32;

/**
 * The chain {@link ChainSync} syncs: a node's validated block tree and its full import. A node that shares its
 * importer with other threads gives a view whose calls take its lock, and calls {@link ChainSync} under that lock too.
 */
public interface SyncedChain {
    ChainGenesis genesis();

    /** The followed tip: the most work among validated blocks. */
    BlockNode tip();

    /** A validated block's node; empty when the hash names no validated block. */
    Optional<BlockNode> node(Bytes32 hash);

    /** A validated block. */
    Optional<Block> block(Bytes32 hash);

    /** The timestamp of a validated block (the genesis's for the genesis node). */
    long timestamp(BlockNode node);

    /** Whether the import found the block, or one of its ancestors, invalid. */
    boolean knownInvalid(Bytes32 hash);

    /** The full import: header, timestamp, task, the winner's replay, the body (docs/chain.md §7). */
    ImportResult importBlock(Block block);

    /** A view of a {@link BlockImporter} used by one thread (the simulation, tests). */
    static SyncedChain of(BlockImporter importer) {
        return new SyncedChain() {
            @Override
            public ChainGenesis genesis() {
                return importer.genesis();
            }

            @Override
            public BlockNode tip() {
                return importer.tip();
            }

            @Override
            public Optional<BlockNode> node(Bytes32 hash) {
                return importer.node(hash);
            }

            @Override
            public Optional<Block> block(Bytes32 hash) {
                return importer.block(hash);
            }

            @Override
            public long timestamp(BlockNode node) {
                return importer.ancestorTimes(node).getLast();
            }

            @Override
            public boolean knownInvalid(Bytes32 hash) {
                return importer.knownInvalid(hash);
            }

            @Override
            public ImportResult importBlock(Block block) {
                return importer.importBlock(block);
            }
        };
    }
}
