package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.block.BlockRules;
import org.pouw.chain.block.HeaderEvidence;
import org.pouw.chain.block.MinedWork;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.chain.state.Ancestry;
import org.pouw.chain.state.AuditBlockRules;
import org.pouw.chain.state.AuditTransactionRules;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.ImmatureReward;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskBlockRules;
import org.pouw.chain.state.TestStates;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.OpenedWindow;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TxBody;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A chain with audits, driven block by block through the real rules (docs/chain.md §5): miners train real segments of
 * several steps on a posted task, each block's winner trained on its parent; the block tree is a map of made-up
 * block hashes (what the importer's tree would hold), which is also the {@link Ancestry} the audit rules read.
 * Short constants so a test reaches maturity in a few dozen blocks: c = 2, D = 6, maturity 14, W_a = 4.
 */
final class AuditScenario implements Ancestry {
    static final Bytes32 CHAIN = Bytes32.fromHex("a7".repeat(32));
    static final ChainParameters CHAIN_PARAMETERS = new ChainParameters(2, 40);
    static final long SUBSIDY = 1_000;
    static final long STAKE = 10_000;
    static final long FUNDS = 10_000_000;
    static final BlockParameters BLOCKS = new BlockParameters(SUBSIDY, STAKE, 50);
    static final int BITS = CompactTarget.encode(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE));
    static final TaskParameters TASKS = new TaskParameters(50, 1, TaskParameters.DEFAULTS.sgdLearningRate(),
            TaskParameters.DEFAULTS.adamLearningRate(), 512, 10, 1L << 25, 1L << 22, 2, 10_000, 8, 1_000, 0,
            TaskParameters.DEFAULTS.rankWeights());
    static final TicketRule TICKETS = new TicketRule(10, 100_000);
    static final Dataset TRAINING = blobs(80, 1);
    static final AuditParameters AUDITS = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);

    final AuditParameters audits;
    final TransactionRules transactions;
    final AuditTransactionRules auditTransactions;
    final BlockRules blocks;
    final Bytes32 taskId;
    final TrainingTask task;
    StateLayer state;
    long height;
    Bytes32 tip = hash("genesis", 0);

    private final Map<Bytes32, Bytes32> parents = new HashMap<>();
    private final Map<Bytes32, Long> heights = new HashMap<>();
    private final Map<Long, Bytes32> chain = new HashMap<>();
    private final Map<Bytes32, TrainingState> trained = new HashMap<>();
    private final Map<Long, Segment> segments = new HashMap<>();
    /** Each miner's chain end as every height left it, so a reorg returns to the fork's. */
    private final Map<Long, Map<Bytes32, TrainingState>> trainedAt = new HashMap<>();
    private int branch;

    /** What a miner keeps of a segment so it can open any window later. */
    record Segment(List<MinedStep> leaves, List<byte[]> statesBefore, List<int[]> batches, MerkleTree tree,
                   TrainingState end) {
        MiningProof proof() {
            List<Bytes32> path = new ArrayList<>();
            tree.prove(leaves.size() - 1).siblings().forEach(s -> path.add(Bytes32.of(s)));
            return new MiningProof(Bytes32.of(tree.root()), leaves.size(), leaves.getFirst().stateBefore(),
                    leaves.getLast(), path, 0);
        }
    }

    AuditScenario(AuditParameters audits, Ed25519.KeyPair poster, Ed25519.KeyPair... miners) {
        this.audits = audits;
        auditTransactions = new AuditTransactionRules(audits, this, TICKETS,
                LivenessRule.DEFAULT, new HeaderEvidence(CHAIN, TICKETS.maxTicketsPerStep()));
        transactions = new TransactionRules(CHAIN, CHAIN_PARAMETERS, TASKS, auditTransactions);
        TaskBlockRules tasks = new TaskBlockRules(CHAIN, CHAIN_PARAMETERS, TASKS, STAKE, List.of());
        blocks = new BlockRules(transactions, BLOCKS, tasks, new AuditBlockRules(CHAIN, audits));
        List<Ed25519.KeyPair> funded = new ArrayList<>(List.of(miners));
        funded.add(poster);
        state = TestStates.funded(FUNDS, funded.toArray(Ed25519.KeyPair[]::new));
        for (Ed25519.KeyPair miner : miners) {
            TestStates.stake(state, miner, STAKE);
        }
        heights.put(tip, 0L);
        chain.put(0L, tip);
        task = new TrainingTask(MlpArchitecture.of(4, List.of(8), Activation.RELU, 3),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 4), TRAINING.root(),
                Bytes32.fromHex("e0".repeat(32)), 11, 100_000, TargetMetric.accuracyAtLeast(0.5), 5_000_000);
        Transaction post = Transaction.sign(poster, CHAIN, 0, 1, new byte[0],
                new PayForTask(task, TRAINING.size(), 4, 3, 9_000, 9_100, 9_200));
        TxOutcome posted = transactions.apply(state, post, 0);
        assertThat(posted.isApplied()).as(posted.toString()).isTrue();
        taskId = post.id(CHAIN);
    }

    AuditScenario(Ed25519.KeyPair poster, Ed25519.KeyPair... miners) {
        this(AUDITS, poster, miners);
    }

    @Override
    public long heightOnBranch(Bytes32 block, Bytes32 descendant) {
        Long target = heights.get(block);
        if (target == null || !heights.containsKey(descendant)) {
            return -1;
        }
        Bytes32 node = descendant;
        while (node != null && heights.get(node) > target) {
            node = parents.get(node);
        }
        return block.equals(node) ? target : -1;
    }

    /** {@code steps} honest steps of {@code miner} from its chain's end, every step on the current tip. */
    Segment train(Ed25519.KeyPair miner, int steps) {
        return train(miner, steps, i -> tip, UnaryOperator.identity(), -1);
    }

    /**
     * A segment of {@code steps} steps: step i on the tip {@code tips} gives it; after step {@code spliceAt} the
     * miner's state is replaced by {@code splice} of it (a skipped or made-up transition), and the leaf claims
     * whatever the state became.
     */
    Segment train(Ed25519.KeyPair miner, int steps, java.util.function.IntFunction<Bytes32> tips,
                  UnaryOperator<TrainingState> splice, int spliceAt) {
        TrainingState state = trained.computeIfAbsent(id(miner), k -> TrainingState.initial(task)).copy(task);
        List<MinedStep> leaves = new ArrayList<>();
        List<byte[]> before = new ArrayList<>();
        List<int[]> batches = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            Bytes32 stepTip = tips.apply(i);
            before.add(state.encode());
            batches.add(TipKeyedBatch.draw(task.seed(), id(miner), stepTip, state.stepsDone(), TRAINING.size(),
                    task.hyperparameters().batchSize()));
            MinedStep step = TipKeyedStep.take(task, TRAINING, state, id(miner), stepTip, TICKETS,
                    ThreadTeam.single()).mined();
            if (i == spliceAt) {
                state = splice.apply(state);
                step = new MinedStep(step.step(), step.stateBefore(), step.batchHash(),
                        state.hash(ThreadTeam.single()), step.tip(), step.tickets());
            }
            leaves.add(step);
        }
        byte[][] hashes = leaves.stream().map(l -> l.leafHash().toArray()).toArray(byte[][]::new);
        return new Segment(leaves, before, batches, MerkleTree.ofLeafHashes(hashes), state);
    }

    /** What a block by {@code miner} with {@code segment} and {@code body} does at the next height. */
    BlockOutcome tryBlock(Ed25519.KeyPair miner, Segment segment, List<Transaction> body) {
        return blocks.execute(state, id(miner), height + 1, new MinedWork(taskId, segment.proof(), BITS), body);
    }

    /** Mines a valid block with a fresh honest segment of {@code steps} steps. */
    void block(Ed25519.KeyPair miner, int steps, Transaction... body) {
        block(miner, train(miner, steps), body);
    }

    void block(Ed25519.KeyPair miner, Segment segment, Transaction... body) {
        BlockOutcome outcome = tryBlock(miner, segment, List.of(body));
        assertThat(outcome.isValid()).as("block %d: %s %s", height + 1, outcome.defect(), outcome.detail())
                .isTrue();
        state = outcome.state();
        height++;
        Bytes32 hash = hash("branch " + branch, height);
        parents.put(hash, tip);
        heights.put(hash, height);
        chain.put(height, hash);
        tip = hash;
        trained.put(id(miner), segment.end());
        trainedAt.put(height, new HashMap<>(trained));
        segments.put(height, segment);
    }

    /** Forgets the blocks above {@code fork} (as a reorg to another branch would): the next blocks are new ones. */
    void reorgTo(long fork, StateLayer forkState) {
        branch++;
        height = fork;
        tip = chain.get(fork);
        state = forkState;
        trained.clear();
        trained.putAll(trainedAt.getOrDefault(fork, Map.of()));
    }

    /** The miner's opening of the audit of the block at {@code auditedHeight}, for the challenge in the state. */
    AuditOpen opening(long auditedHeight) {
        PendingAudit audit = state.audit(auditedHeight);
        Segment segment = segments.get(auditedHeight);
        List<OpenedWindow> windows = new ArrayList<>();
        for (AuditWindow window : SegmentChallenge.windows(audit.seed(), audit.length(), audits)) {
            List<MinedStep> leaves = new ArrayList<>();
            List<List<Bytes32>> paths = new ArrayList<>();
            List<OpenedBatch> batches = new ArrayList<>();
            for (int position = window.start(); position < window.end(); position++) {
                leaves.add(segment.leaves().get(position));
                List<Bytes32> path = new ArrayList<>();
                segment.tree().prove(position).siblings().forEach(s -> path.add(Bytes32.of(s)));
                paths.add(path);
                batches.add(OpenedBatch.open(TRAINING, segment.batches().get(position)));
            }
            windows.add(new OpenedWindow(segment.statesBefore().get(window.start()), leaves, paths, batches));
        }
        return new AuditOpen(auditedHeight, audit.seed(), windows);
    }

    Transaction tx(Ed25519.KeyPair key, TxBody body) {
        return Transaction.sign(key, CHAIN, state.account(id(key)).nonce(), 1, new byte[0], body);
    }

    /** What a transaction does at the next height, on a throw-away layer (the mempool's view); the state is kept. */
    TxOutcome apply(Transaction tx) {
        return transactions.apply(state.child(), tx, height + 1);
    }

    long immature(Ed25519.KeyPair miner) {
        return state.immatureRewards(id(miner)).stream().mapToLong(ImmatureReward::amount).sum();
    }

    long staked(Ed25519.KeyPair miner) {
        var stake = state.stake(id(miner));
        return stake.active() + stake.pending() + stake.unbonding();
    }

    /** Balances, stakes, immature rewards, escrow and the burnt total of {@code keys}: what the chain holds. */
    long coins(List<Ed25519.KeyPair> keys) {
        long total = state.burnt() + state.task(taskId).escrow();
        for (Ed25519.KeyPair key : keys) {
            total += state.account(id(key)).balance() + staked(key) + immature(key);
        }
        return total;
    }

    Bytes32 blockAt(long h) {
        return chain.get(h);
    }

    static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[0] = (byte) seed;
        secret[1] = (byte) 0xa7;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    static Bytes32 id(Ed25519.KeyPair key) {
        return Bytes32.of(key.publicKey());
    }

    static Bytes32 hash(String label, long h) {
        return Bytes32.of(Blake3.hash((label + " " + h).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Gaussian blobs: three classes around fixed centres in [-1, 1]^4. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom centres = new SplittableRandom(99);
        float[][] centre = new float[3][4];
        for (float[] c : centre) {
            for (int j = 0; j < 4; j++) {
                c[j] = (float) (centres.nextDouble() * 2 - 1);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (centre[y[i]][j] + 0.4 * (random.nextDouble() * 2 - 1));
            }
        }
        return Dataset.of(x, y, 3);
    }
}
