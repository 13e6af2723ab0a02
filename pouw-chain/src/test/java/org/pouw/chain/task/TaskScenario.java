package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.block.BlockRules;
import org.pouw.chain.block.MinedWork;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.Stake;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskBlockRules;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.state.TestStates;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TxBody;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
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
 * A small chain of real blocks on real tasks for the task tests: staked miners train a 4-8-3 MLP on generated blobs
 * step by step (each block's segment is one real {@link TipKeyedStep}, so segment ends are real state hashes and
 * final models are real states), and blocks go through {@link BlockRules} with the task hooks. Epochs are 5 blocks,
 * windows 2, ACT 2; at the fixed target a block is worth 2 tickets, priced 50 each: every block costs a task 100.
 */
final class TaskScenario {
    static final Bytes32 CHAIN = Bytes32.fromHex("7a".repeat(32));
    static final ChainParameters CHAIN_PARAMETERS = new ChainParameters(2, 20);
    static final long SUBSIDY = 1_000;
    static final long STAKE = 1_000;
    static final long FUNDS = 100_000;
    static final BlockParameters BLOCKS = new BlockParameters(SUBSIDY, STAKE, 50);
    static final int BITS = CompactTarget.encode(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE));
    static final long BLOCK_COST = 100;
    static final TaskParameters PARAMETERS = new TaskParameters(50, 1, TaskParameters.DEFAULTS.sgdLearningRate(),
            TaskParameters.DEFAULTS.adamLearningRate(), 512, 10, 1L << 25, 1L << 22, 2, 10_000, 8, 5, 0,
            TaskParameters.DEFAULTS.rankWeights());
    static final Dataset TRAINING = blobs(40, 1);
    static final Dataset HELD_OUT = blobs(12, 2);
    static final Bytes32 SALT = Bytes32.fromHex("5a".repeat(32));
    static final GenesisDataset GENESIS = new GenesisDataset(new DatasetId(TRAINING.root(), TRAINING.size()), 4, 3);
    static final TicketRule TICKETS = new TicketRule(10, 100_000);

    final TransactionRules transactions;
    final TaskBlockRules tasks;
    final BlockRules blocks;
    StateLayer state;
    long height;
    /** Fees of transactions applied outside blocks ({@link #post}): paid, but to no miner. */
    private long feesOutsideBlocks;
    private final Map<String, TrainingState> trainers = new HashMap<>();
    /** A segment's training counts for the miner's chain once its block is accepted. */
    private final Map<String, TrainingState> untilAccepted = new HashMap<>();
    private final List<GenesisDataset> genesis;
    private final TaskParameters parameters;

    TaskScenario(TaskParameters parameters, List<GenesisDataset> genesis, Ed25519.KeyPair... funded) {
        transactions = new TransactionRules(CHAIN, CHAIN_PARAMETERS, parameters);
        tasks = new TaskBlockRules(CHAIN, CHAIN_PARAMETERS, parameters, STAKE, genesis);
        blocks = new BlockRules(transactions, BLOCKS, tasks);
        state = TestStates.funded(FUNDS, funded);
        this.genesis = genesis;
        this.parameters = parameters;
    }

    TaskScenario(Ed25519.KeyPair... funded) {
        this(PARAMETERS, List.of(GENESIS), funded);
    }

    static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[0] = (byte) seed;
        secret[1] = 0x7a;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    static Bytes32 id(Ed25519.KeyPair key) {
        return Bytes32.of(key.publicKey());
    }

    /** The scenario's task: escrow, then its three deadlines. */
    static PayForTask task(long escrow, long commitBy, long revealBy, long heldOutBy) {
        Bytes32 heldOut = HeldOutCommitment.of(SALT, new DatasetId(HELD_OUT.root(), HELD_OUT.size()));
        TrainingTask task = new TrainingTask(MlpArchitecture.of(4, List.of(8), Activation.RELU, 3),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 2), TRAINING.root(),
                heldOut, 11, 100_000, TargetMetric.accuracyAtLeast(0.5), escrow);
        return new PayForTask(task, TRAINING.size(), 4, 3, commitBy, revealBy, heldOutBy);
    }

    void stake(Ed25519.KeyPair... keys) {
        for (Ed25519.KeyPair key : keys) {
            TestStates.stake(state, key, STAKE);
        }
    }

    /** {@code key}'s next transaction, numbered after what the state has applied. */
    Transaction tx(Ed25519.KeyPair key, TxBody body) {
        return Transaction.sign(key, CHAIN, state.account(id(key)).nonce(), 1, new byte[0], body);
    }

    /** Applies a transaction to the current state as if at the next height, outside a block (the mempool's view). */
    TxOutcome apply(Transaction tx) {
        return transactions.apply(state, tx, height + 1);
    }

    /** Posts a task straight into the state (as genesis would), returning its id. */
    Bytes32 post(Ed25519.KeyPair poster, PayForTask pay) {
        Transaction tx = tx(poster, pay);
        TxOutcome outcome = transactions.apply(state, tx, height);
        assertThat(outcome.isApplied()).as(outcome.toString()).isTrue();
        feesOutsideBlocks += outcome.fee();
        return tx.id(CHAIN);
    }

    /** The next segment of {@code miner} on {@code taskId}: one real training step from its chain's end. */
    MiningProof segment(Ed25519.KeyPair miner, Bytes32 taskId) {
        TrainingTask spec = spec(taskId);
        TrainingState trained = trainer(miner, taskId).copy(spec);
        Bytes32 tip = Bytes32.of(Blake3.hash(("tip " + height).getBytes(StandardCharsets.US_ASCII)));
        TipKeyedStep step = TipKeyedStep.take(spec, TRAINING, trained, id(miner), tip, TICKETS,
                ThreadTeam.single());
        untilAccepted.put(id(miner).hex() + taskId.hex(), trained);
        return new MiningProof(step.mined().leafHash(), 1, step.mined().stateBefore(), step.mined(), List.of(), 0);
    }

    /** The encoded state at the end of {@code miner}'s chain on {@code taskId}: its final model. */
    byte[] model(Ed25519.KeyPair miner, Bytes32 taskId) {
        return trainer(miner, taskId).encode();
    }

    private TrainingState trainer(Ed25519.KeyPair miner, Bytes32 taskId) {
        return trainers.computeIfAbsent(id(miner).hex() + taskId.hex(),
                k -> TrainingState.initial(spec(taskId)));
    }

    /** A task's spec: from the state, or — for an epoch's filler task nobody has mined yet — derived. */
    TrainingTask spec(Bytes32 taskId) {
        TaskRecord record = state.task(taskId);
        if (record != null) {
            return record.spec().task();
        }
        assertThat(taskId).as("an unknown task").isEqualTo(filler());
        return FillerTasks.derive(tasks.beacon(state, tasks.epochOf(height + 1)), genesis, parameters).task();
    }

    /** What a block by {@code miner} on {@code taskId} with {@code proof} and {@code body} does at the next height. */
    BlockOutcome tryBlock(Ed25519.KeyPair miner, Bytes32 taskId, MiningProof proof, List<Transaction> body) {
        return blocks.execute(state, id(miner), height + 1, new MinedWork(taskId, proof, BITS), body);
    }

    /** Mines a valid block: a fresh segment of {@code miner} on {@code taskId}, carrying {@code body}. */
    void block(Ed25519.KeyPair miner, Bytes32 taskId, Transaction... body) {
        BlockOutcome outcome = tryBlock(miner, taskId, segment(miner, taskId), List.of(body));
        assertThat(outcome.isValid()).as("block %d: %s %s", height + 1, outcome.defect(), outcome.detail())
                .isTrue();
        state = outcome.state();
        height++;
        String key = id(miner).hex() + taskId.hex();
        trainers.put(key, untilAccepted.remove(key));
    }

    /** The filler task of the epoch the next block falls in. */
    Bytes32 filler() {
        return FillerTasks.id(tasks.beacon(state, tasks.epochOf(height + 1)));
    }

    /** Mines blocks by {@code miner} on the filler task until the last block is at {@code target}. */
    void fillUntil(Ed25519.KeyPair miner, long target) {
        while (height < target) {
            block(miner, filler());
        }
    }

    /** The epoch's task for {@code miner} (computing the assignment needs a block; this reads it). */
    Bytes32 assigned(Ed25519.KeyPair miner) {
        return state.assignment(tasks.epochOf(height)).get(id(miner));
    }

    FinalModelCommit commit(Ed25519.KeyPair miner, Bytes32 taskId) {
        Bytes32 modelHash = Bytes32.of(Blake3.hash(model(miner, taskId)));
        return new FinalModelCommit(taskId, modelHash, FinalModelCommitment.of(taskId, id(miner), modelHash, SALT));
    }

    FinalModelReveal reveal(Ed25519.KeyPair miner, Bytes32 taskId) {
        return new FinalModelReveal(taskId, SALT, model(miner, taskId));
    }

    static RevealHeldOut heldOut(Bytes32 taskId) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < HELD_OUT.size(); i++) {
            records.add(HELD_OUT.record(i));
        }
        return new RevealHeldOut(taskId, SALT, records);
    }

    /**
     * Every coin the state holds — balances, stakes, escrows and the burnt total, over the given keys and tasks — and
     * the fees paid outside blocks.
     */
    long coins(List<Ed25519.KeyPair> keys, List<Bytes32> taskIds) {
        long total = state.burnt() + feesOutsideBlocks;
        for (Ed25519.KeyPair key : keys) {
            Stake stake = state.stake(id(key));
            total += state.account(id(key)).balance() + stake.active() + stake.pending() + stake.unbonding();
        }
        for (Bytes32 taskId : taskIds) {
            TaskRecord task = state.task(taskId);
            total += task == null ? 0 : task.escrow();
        }
        return total;
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
