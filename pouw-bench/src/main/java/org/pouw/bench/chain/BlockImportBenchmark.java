package org.pouw.bench.chain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pouw.bench.Median;
import org.pouw.chain.block.Block;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.chain.mining.StepReplay;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.chain.tx.PayForTask;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * What importing a block costs beside the replay of its winning step (issue 19's "block validation time against the
 * replayed step", docs/chain.md §7): mines a chain of the demo chain's blocks (filler MLPs over its 16-feature
 * data), then imports the whole chain into a fresh node again and again and prints the median time per block, wall and CPU of the
 * importing thread, beside the median of the winning steps' replays alone (decode of the opening included). The
 * store keeps nothing, so the figure is validation, not the database.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.chain.BlockImportBenchmark \
 *     [--blocks 30] [--rounds 7]
 * </pre>
 */
public final class BlockImportBenchmark {
    private static final long T0 = 1_767_225_600;

    private BlockImportBenchmark() {
    }

    public static void main(String[] args) {
        int blocks = 30;
        int rounds = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Ed25519.KeyPair key = Ed25519.KeyPair.generate();
        ChainGenesis genesis = DemoGenesis.forMiner(Bytes32.of(key.publicKey()), T0);
        BlockImporter miner = node(genesis);
        List<Block> chain = mine(miner, key, blocks);
        // each block's task (the epoch's filler task over the demo data), resolved on its parent as import does
        List<StepReplay> replays = new ArrayList<>();
        for (Block block : chain) {
            PayForTask task = miner.taskFor(miner.node(block.header().parent()).orElseThrow(),
                    block.header().taskId());
            replays.add(new StepReplay(task.task(), Math.toIntExact(task.datasetSize()), genesis.tickets(),
                    genesis.liveness(), ThreadTeam.single()));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] importWall = new double[rounds];
        double[] importCpu = new double[rounds];
        double[] replayWall = new double[rounds];
        double[] replayCpu = new double[rounds];
        for (int round = -3; round < rounds; round++) {
            BlockImporter node = node(genesis);
            long cpu0 = cpu.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (Block block : chain) {
                if (node.importBytes(block.encode()).status() != ImportStatus.ACCEPTED) {
                    throw new IllegalStateException("a mined block did not import");
                }
            }
            long wall1 = System.nanoTime();
            long cpu1 = cpu.getCurrentThreadCpuTime();
            Bytes32 parent = genesis.chainId();
            for (int b = 0; b < chain.size(); b++) {
                Block decoded = Block.decode(chain.get(b).encode());
                if (!replays.get(b).check(decoded.opening().startState(), decoded.opening().batch(), decoded.header().miner(),
                        parent, decoded.header().proof().winner()).accepted()) {
                    throw new IllegalStateException("a mined step did not replay");
                }
                parent = decoded.header().hash(genesis.chainId());
            }
            long wall2 = System.nanoTime();
            long cpu2 = cpu.getCurrentThreadCpuTime();
            if (round >= 0) {
                importWall[round] = (wall1 - wall0) / 1e6 / chain.size();
                importCpu[round] = (cpu1 - cpu0) / 1e6 / chain.size();
                replayWall[round] = (wall2 - wall1) / 1e6 / chain.size();
                replayCpu[round] = (cpu2 - cpu1) / 1e6 / chain.size();
            }
        }
        System.out.printf(Locale.ROOT, "%d blocks of the demo chain (filler MLPs over its data), medians of %d rounds%n",
                chain.size(), rounds);
        System.out.printf(Locale.ROOT, "import per block:      %.3f ms wall, %.3f ms CPU%n", Median.upper(importWall),
                Median.upper(importCpu));
        System.out.printf(Locale.ROOT, "winner replay alone:   %.3f ms wall, %.3f ms CPU%n", Median.upper(replayWall),
                Median.upper(replayCpu));
        System.out.printf(Locale.ROOT, "import beyond replay:  %.3f ms CPU per block%n",
                Median.upper(importCpu) - Median.upper(replayCpu));
    }

    private static List<Block> mine(BlockImporter node, Ed25519.KeyPair key, int count) {
        ChainMiner miner = new ChainMiner(key, List.of(DemoGenesis.data()), ThreadTeam.single());
        List<Block> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Block block = miner.mine(node, node.tip(), node.ancestorTimes(node.tip()).getLast() + 60, List.of(),
                    5_000);
            node.importBlock(block);
            chain.add(block);
        }
        return chain;
    }

    private static BlockImporter node(ChainGenesis genesis) {
        return BlockImporter.open(genesis, new KeepNothing(), new SettableClock((T0 + 365 * 86_400L) * 1_000));
    }

    /** The benchmark measures validation, not a database. */
    private static final class KeepNothing implements ChainStore {
        @Override
        public void importBlock(StoredBlock block, Optional<Bytes32> newTip) {
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
        public Optional<Bytes32> tip() {
            return Optional.empty();
        }
    }
}
