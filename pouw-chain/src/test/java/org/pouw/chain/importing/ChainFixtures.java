package org.pouw.chain.importing;

import java.math.BigInteger;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * A tiny chain for the import's tests: the demo dataset as the only filler dataset (so every block trains the
 * epoch's filler task over it), two staked miners and a funded sender.
 */
final class ChainFixtures {
    static final long T0 = 1_767_225_600;
    static final Ed25519.KeyPair ALICE = key(1);
    static final Ed25519.KeyPair BOB = key(2);
    static final Ed25519.KeyPair CAROL = key(3);
    static final Dataset DATA = DemoGenesis.data();
    static final ThreadTeam TEAM = ThreadTeam.single();

    private ChainFixtures() {
    }

    static ChainGenesis genesis(int alarmDepth) {
        int easy = CompactTarget.encode(BigInteger.ONE.shiftLeft(250));
        return new ChainGenesis(T0, easy, CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600,
                90, alarmDepth, new ChainParameters(10, 100), new BlockParameters(50_000, 100_000, 100),
                new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(BOB.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(CAROL.publicKey()), 1_000_000, 0)),
                TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()));
    }

    /** A clock a day after genesis: every test block's timestamp is in its past. */
    static SettableClock clock() {
        return new SettableClock((T0 + 86_400) * 1_000);
    }

    static BlockImporter node(ChainGenesis genesis, MemoryChainStore store) {
        return BlockImporter.open(genesis, store, clock());
    }

    static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    /** A miner: its own segments on its assigned tasks, and the blocks it builds for a node's view of the chain. */
    static final class Miner {
        final Ed25519.KeyPair key;
        final ChainMiner miner;

        Miner(Ed25519.KeyPair key, ChainGenesis genesis) {
            this(key, List.of(DATA));
        }

        Miner(Ed25519.KeyPair key, List<Dataset> datasets) {
            this.key = key;
            this.miner = new ChainMiner(key, datasets, TEAM);
        }

        /** Trains on {@code parent} until a step wins, and builds the block one spacing after the parent. */
        Block mine(BlockImporter node, BlockNode parent, List<Transaction> transactions) {
            Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 60, transactions, 5_000);
            if (block == null) {
                throw new AssertionError("no winning step in 5,000");
            }
            return block;
        }
    }
}
