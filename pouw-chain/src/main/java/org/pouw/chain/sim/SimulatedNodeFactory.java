package org.pouw.chain.sim;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.MempoolSize;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.task.TaskParameters;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * Every construction of the chain's parts the simulation makes — the genesis, a node's importer and mempool, a
 * miner's trainer and block assembler — in one place, so a change of their construction (the task a block trains
 * coming from the state's assignment, segments committed whole) is adapted here alone. The chain is the demo's task
 * (a 16-32-16-4 MLP on generated points, docs/chain.md §7) with the calibrated timing constants of §6: T = 60 s,
 * τ = 3,600 s, FTL = 90 s, R = 100.
 */
public final class SimulatedNodeFactory {
    public static final long SPACING = 60;
    public static final long HALF_LIFE = 3_600;
    public static final long FUTURE_LIMIT = 90;
    public static final int REORG_ALARM_DEPTH = 100;
    public static final long MINER_STAKE = 100_000;
    /** A miner's spendable coins at genesis: its rewards are immature for 360 blocks, its audit openings cost fees. */
    public static final long MINER_BALANCE = 10_000;
    public static final long WALLET_BALANCE = 1_000_000_000L;
    private static final int MEMPOOL_CAPACITY = 10_000;
    private static final int MEMPOOL_PER_SENDER = 256;

    private final Dataset data = DemoGenesis.data();
    private final ThreadTeam team = ThreadTeam.single();

    /**
     * The genesis at {@code timestamp} (seconds) whose first target expects {@code ticketsPerBlock} tickets a block,
     * staking every miner and funding every wallet, under the audit constants {@code audits}.
     */
    public ChainGenesis genesis(long timestamp, double ticketsPerBlock, List<Bytes32> miners, List<Bytes32> wallets,
                                AuditParameters audits) {
        BigInteger target = BigInteger.ONE.shiftLeft(256)
                .divide(BigInteger.valueOf(Math.max(2, Math.round(ticketsPerBlock)))).subtract(BigInteger.ONE);
        List<GenesisAccount> accounts = new ArrayList<>();
        for (Bytes32 miner : miners) {
            accounts.add(new GenesisAccount(miner, MINER_BALANCE, MINER_STAKE));
        }
        for (Bytes32 wallet : wallets) {
            accounts.add(new GenesisAccount(wallet, WALLET_BALANCE, 0));
        }
        return new ChainGenesis(timestamp, CompactTarget.encode(target),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), SPACING, HALF_LIFE, FUTURE_LIMIT,
                REORG_ALARM_DEPTH, new ChainParameters(10, 100), new BlockParameters(50_000, MINER_STAKE, 2_000),
                new TicketRule(1_000, 10_000), LivenessRule.DEFAULT, accounts, TaskParameters.DEFAULTS,
                List.of(DemoGenesis.dataset()), audits);
    }

    /** A node's importer, keeping the node's mempool (built by the importer over its tree, audit rules and all). */
    public BlockImporter importer(ChainGenesis genesis, InMemoryChainStore store, Clock clock) {
        return BlockImporter.open(genesis, store, clock, new MempoolSize(MEMPOOL_CAPACITY, MEMPOOL_PER_SENDER), team);
    }

    /**
     * A fresh trajectory for {@code miner} on the task the first epoch of {@code genesis} assigns it (the filler
     * task over the demo data until someone posts a task), for calibrating the genesis target.
     */
    public ChainTrainer trainer(ChainGenesis genesis, Bytes32 miner, Clock clock) {
        BlockImporter node = importer(genesis, new InMemoryChainStore(), clock);
        TrainingTask task = node.taskFor(node.tip(), node.assignedTask(node.tip(), miner)).task();
        return new ChainTrainer(task, data, TrainingState.initial(task), miner, genesis.tickets(),
                genesis.liveness(), team);
    }

    /** The miner of {@code key}: it trains whatever its epoch assigns it over the demo data. */
    public ChainMiner miner(Ed25519.KeyPair key) {
        return new ChainMiner(key, List.of(data), team);
    }

    /** The work-skipping adversary's loop ({@link MinerConduct#WORK_SKIPPING}) over the demo data. */
    MiningLoop workSkipping(Ed25519.KeyPair key) {
        return new WorkSkippingLoop(key, data, team);
    }

    public BlockAssembler assembler(BlockImporter node, Ed25519.KeyPair key) {
        return new BlockAssembler(node, key);
    }

    public Dataset data() {
        return data;
    }
}
