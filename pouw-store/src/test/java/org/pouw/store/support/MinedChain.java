package org.pouw.store.support;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * Blocks mined by real training of filler tasks over pouw-chain's demo dataset (a tiny MLP on generated points), by two staked miners, for
 * the chain store's restart and crash tests. The miners keep their own node in memory to build on.
 */
public final class MinedChain {
    public static final long T0 = 1_767_225_600;
    public static final Ed25519.KeyPair ALICE = key(1);
    public static final Ed25519.KeyPair BOB = key(2);

    private final ChainGenesis genesis;
    private final BlockImporter minerNode;
    private final Map<Bytes32, ChainMiner> miners = new HashMap<>();

    public MinedChain(int alarmDepth) {
        this.genesis = genesis(alarmDepth);
        this.minerNode = node(genesis, new DiscardingStore());
    }

    public static ChainGenesis genesis(int alarmDepth) {
        return new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, alarmDepth,
                new ChainParameters(10, 100), new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000),
                LivenessRule.DEFAULT, List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(BOB.publicKey()), 1_000, 100_000)),
                TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()));
    }

    /** A node on {@code genesis} storing into {@code store}, with a clock a day after genesis. */
    public static BlockImporter node(ChainGenesis genesis, ChainStore store) {
        return BlockImporter.open(genesis, store, clock());
    }

    public static BlockImporter restore(ChainGenesis genesis, ChainStore store) {
        return BlockImporter.restore(genesis, store, clock());
    }

    public static SettableClock clock() {
        return new SettableClock((T0 + 86_400) * 1_000);
    }

    public ChainGenesis genesis() {
        return genesis;
    }

    /** {@code count} blocks by {@code miner}, the first on {@code parent} (the chain id names genesis). */
    public List<Block> mine(Ed25519.KeyPair miner, Bytes32 parent, int count) {
        List<Block> blocks = new ArrayList<>();
        BlockNode node = minerNode.node(parent).orElseThrow();
        ChainMiner chainMiner = miners.computeIfAbsent(Bytes32.of(miner.publicKey()),
                key -> new ChainMiner(miner, List.of(DemoGenesis.data()), ThreadTeam.single()));
        for (int i = 0; i < count; i++) {
            Block block = chainMiner.mine(minerNode, node, minerNode.ancestorTimes(node).getLast() + 60, List.of(),
                    5_000);
            minerNode.importBlock(block);
            node = minerNode.node(block.header().hash(genesis.chainId())).orElseThrow();
            blocks.add(block);
        }
        return blocks;
    }

    public Bytes32 hash(Block block) {
        return block.header().hash(genesis.chainId());
    }

    private static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    /** The miners' own node keeps nothing. */
    private static final class DiscardingStore implements ChainStore {
        @Override
        public void importBlock(StoredBlock block, java.util.Optional<Bytes32> newTip) {
        }

        @Override
        public Optional<StoredBlock> block(Bytes32 hash) {
            return Optional.empty();
        }

        @Override
        public List<StoredBlock> blocksInHeightOrder() {
            return List.of();
        }

        @Override
        public long blockCount() {
            return 0;
        }

        @Override
        public void replaceEncoding(Bytes32 hash, byte[] encoded) {
        }

        @Override
        public void setTip(Bytes32 hash) {
        }

        @Override
        public java.util.Optional<Bytes32> tip() {
            return Optional.empty();
        }
    }
}
