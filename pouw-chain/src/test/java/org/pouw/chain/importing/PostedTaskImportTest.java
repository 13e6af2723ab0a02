package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.BOB;
import static org.pouw.chain.importing.ChainFixtures.CAROL;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.GoldenStepVerdict;
import org.pouw.chain.mining.GoldenSteps;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.task.TaskCost;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The importer on the task rules (docs/chain.md §4, §7), end to end with real training: Carol posts a task with
 * {@code pay_for_task}; from the next epoch the chain assigns it to the staked miners, whose blocks on it a separate
 * validator imports; a block on the task in an epoch that did not assign it, and a block after its budget is spent,
 * are refused by the importer. Epochs are 5 blocks, and with Φ = 0 paid demand takes every miner.
 */
class PostedTaskImportTest {
    private static final TaskParameters TASKS = new TaskParameters(1, 1, TaskParameters.DEFAULTS.sgdLearningRate(),
            TaskParameters.DEFAULTS.adamLearningRate(), 512, 10, 1L << 25, 1L << 22, 2, 10_000, 8, 5, 0,
            TaskParameters.DEFAULTS.rankWeights());
    private static final int BITS = CompactTarget.encode(BigInteger.ONE.shiftLeft(250));
    private static final Dataset TRAINING = blobs(40);
    private static final ChainGenesis GENESIS = new ChainGenesis(ChainFixtures.T0, BITS,
            CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 100, new ChainParameters(2, 20),
            new BlockParameters(50_000, 100_000, 100), new TicketRule(10, 100_000), LivenessRule.DEFAULT,
            List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000),
                    new GenesisAccount(Bytes32.of(BOB.publicKey()), 1_000, 100_000),
                    new GenesisAccount(Bytes32.of(CAROL.publicKey()), 1_000_000, 0)),
            TASKS, List.of(DemoGenesis.dataset()));
    /** A block's cost at the genesis target (the chain keeps it: blocks come exactly one spacing apart). */
    private static final long BLOCK_COST = TaskCost.ofBits(BITS, TASKS).longValueExact();
    /** One miner's holding for an epoch of 5 blocks between the 2 miners (docs/chain.md §4.3): 2.5 blocks' worth. */
    private static final long ONE_HOLDING = Math.ceilDiv(BLOCK_COST * 5, 2);
    /** What holds both miners on the task for an epoch. */
    private static final long ESCROW = 2 * ONE_HOLDING;

    private final BlockImporter minerNode = BlockImporter.open(GENESIS, new MemoryChainStore(), ChainFixtures.clock());
    private final BlockImporter validator = BlockImporter.open(GENESIS, new MemoryChainStore(),
            ChainFixtures.clock());
    private final ChainFixtures.Miner alice = new ChainFixtures.Miner(ALICE, List.of(ChainFixtures.DATA, TRAINING));
    private final ChainFixtures.Miner bob = new ChainFixtures.Miner(BOB, List.of(ChainFixtures.DATA, TRAINING));

    @Test
    void aBlockOnAPostedTaskIsImportedEndToEnd() {
        Bytes32 taskId = postAndMineTo(4);
        assertThat(minerNode.assignedTask(minerNode.tip(), Bytes32.of(ALICE.publicKey()))).isEqualTo(taskId);

        Block onTask = mineAndShare(alice);

        assertThat(onTask.header().taskId()).isEqualTo(taskId);
        assertThat(validator.tip().height()).isEqualTo(5);
        TaskRecord task = validator.tip().state().task(taskId);
        assertThat(task.participants()).containsExactly(Bytes32.of(ALICE.publicKey()));
        assertThat(task.budget()).isEqualTo(ESCROW - TaskCost.ofBits(onTask.header().bits(), TASKS).longValueExact());
        assertThat(validator.tip().state().workLog(taskId, Bytes32.of(ALICE.publicKey())).segmentEnd())
                .isEqualTo(onTask.header().proof().endState());
    }

    /** Epoch 0 was drawn before the task existed: Alice's block on it there is not her assignment. */
    @Test
    void aBlockOnATaskTheEpochDidNotAssignIsRefused() {
        Bytes32 taskId = postAndMineTo(2);
        Block forced = forcedBlock(ALICE, minerNode.tip(), taskId);

        ImportResult result = validator.importBlock(forced);

        assertThat(result.refusal()).isEqualTo(ImportRefusal.BAD_BODY);
        assertThat(result.cause()).isEqualTo(BlockDefect.TASK_NOT_ASSIGNED);
        assertThat(validator.tip().height()).isEqualTo(2);
    }

    /**
     * An escrow of one holding takes one miner; its two blocks spend the budget, a third on the task is refused, and
     * the miner falls back to the filler.
     */
    @Test
    void aBlockAfterTheTasksBudgetIsSpentIsRefused() {
        Bytes32 taskId = postAndMineTo(4, ONE_HOLDING);
        boolean aliceHeld = taskId.equals(minerNode.assignedTask(minerNode.tip(), Bytes32.of(ALICE.publicKey())));
        ChainFixtures.Miner held = aliceHeld ? alice : bob;
        Ed25519.KeyPair heldKey = aliceHeld ? ALICE : BOB;
        assertThat(minerNode.assignedTask(minerNode.tip(), Bytes32.of((aliceHeld ? BOB : ALICE).publicKey())))
                .as("one holding, one miner").isNotEqualTo(taskId);
        mineAndShare(held);
        mineAndShare(held);
        assertThat(validator.tip().state().task(taskId).budget()).isEqualTo(ONE_HOLDING - 2 * BLOCK_COST)
                .isLessThan(BLOCK_COST);

        ImportResult result = validator.importBlock(forcedBlock(heldKey, minerNode.tip(), taskId));

        assertThat(result.refusal()).isEqualTo(ImportRefusal.BAD_BODY);
        assertThat(result.cause()).isEqualTo(BlockDefect.TASK_BUDGET_SPENT);
        assertThat(validator.tip().height()).isEqualTo(6);
        Bytes32 next = minerNode.assignedTask(minerNode.tip(), Bytes32.of(heldKey.publicKey()));
        assertThat(next).isNotEqualTo(taskId);
        assertThat(validator.tip().state().task(taskId).escrow()).as("the escrow stays for settlement")
                .isEqualTo(ONE_HOLDING);
        assertThat(mineAndShare(held).header().taskId()).isEqualTo(next);
    }

    /**
     * Each block commits every step its miner took on the task since its previous block there: the segment starts at
     * the miner's previous end (or the task's initial state), its root covers all its leaves with the winner last;
     * a segment that restarts from the initial state after the miner's first block is refused by the importer.
     */
    @Test
    void segmentsChainFromTheMinersPreviousBlockAndARestartIsRefused() {
        Bytes32 taskId = postAndMineTo(4);
        Block first = mineAndShare(alice);
        Bytes32 initial = TrainingState.initial(minerNode.taskFor(minerNode.tip(), taskId).task())
                .hash(ChainFixtures.TEAM);
        assertThat(first.header().proof().startState()).isEqualTo(initial);

        ImportResult restarted = validator.importBlock(forcedBlock(ALICE, minerNode.tip(), taskId));

        assertThat(restarted.refusal()).isEqualTo(ImportRefusal.BAD_BODY);
        assertThat(restarted.cause()).isEqualTo(BlockDefect.SEGMENT_NOT_CHAINED);
        Block second = mineAndShare(alice);
        MiningProof proof = second.header().proof();
        assertThat(proof.startState()).isEqualTo(first.header().proof().endState());
        assertThat(proof.winnerIsCommitted()).isTrue();
        assertThat(first.header().proof().length() + proof.length()).as("steps that did not win are committed too")
                .isGreaterThan(2);
    }

    /** A node whose golden step replay differs in one published value refuses to validate, and says why. */
    @Test
    void aNodeFailingTheGoldenStepsRefusesToValidate() {
        List<String> published = new ArrayList<>(GoldenSteps.published());
        String[] parts = published.get(1).split(" ");
        parts[4] = parts[4].substring(0, parts[4].length() - 1) + (parts[4].endsWith("0") ? "1" : "0");
        published.set(1, String.join(" ", parts));
        GoldenStepVerdict flipped = GoldenSteps.compare(published, GoldenSteps.replay(ChainFixtures.TEAM));
        MemoryChainStore store = new MemoryChainStore();
        BlockImporter broken = new BlockImporter(GENESIS, store, null, ChainFixtures.clock(), ChainFixtures.TEAM,
                flipped);
        Block honest = alice.mine(minerNode, minerNode.tip(), List.of());

        ImportResult result = broken.importBlock(honest);

        assertThat(broken.validating()).isFalse();
        assertThat(result.refusal()).isEqualTo(ImportRefusal.NOT_VALIDATING);
        assertThat(result.detail()).contains("refusing to validate").contains(parts[0] + " step");
        assertThat(broken.tip().height()).isZero();
        assertThat(store.blocksInHeightOrder()).isEmpty();
        assertThatThrownBy(() -> BlockImporter.restore(new BlockImporter(GENESIS, store, null,
                ChainFixtures.clock(), ChainFixtures.TEAM, flipped))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to validate");
        // the honest block was fine: a node that passed the golden steps accepts it
        assertThat(validator.importBlock(honest).status()).isEqualTo(ImportStatus.ACCEPTED);
        assertThat(validator.validating()).isTrue();
    }

    /** Carol's task posted in block 1, then filler blocks until {@code height}; returns the task id. */
    private Bytes32 postAndMineTo(long height) {
        return postAndMineTo(height, ESCROW);
    }

    private Bytes32 postAndMineTo(long height, long escrow) {
        Transaction post = Transaction.sign(CAROL, GENESIS.chainId(), 0, 1, new byte[0], task(escrow));
        mineAndShare(alice, post);
        while (minerNode.tip().height() < height) {
            mineAndShare(alice);
        }
        Bytes32 taskId = post.id(GENESIS.chainId());
        assertThat(validator.tip().state().task(taskId).escrow()).isEqualTo(escrow);
        return taskId;
    }

    /** {@code miner}'s next block on the miner node's tip, imported by both nodes. */
    private Block mineAndShare(ChainFixtures.Miner miner, Transaction... body) {
        Block block = miner.mine(minerNode, minerNode.tip(), List.of(body));
        assertThat(minerNode.importBlock(block).status()).isEqualTo(ImportStatus.ACCEPTED);
        ImportResult imported = validator.importBytes(block.encode());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(ImportStatus.ACCEPTED);
        return block;
    }

    /**
     * A block by {@code key} on {@code taskId} that the assembler would not build (the body rules refuse it): a real
     * winning step on the task from its initial state, the parent as tip, signed over the parent's state root.
     */
    private Block forcedBlock(Ed25519.KeyPair key, BlockNode parent, Bytes32 taskId) {
        PayForTask pay = minerNode.taskFor(parent, taskId);
        Bytes32 miner = Bytes32.of(key.publicKey());
        ChainTrainer trainer = new ChainTrainer(pay.task(), TRAINING, TrainingState.initial(pay.task()), miner,
                GENESIS.tickets(), GENESIS.liveness(), ChainFixtures.TEAM);
        int bits = minerNode.expectedBits(parent);
        ChainTrainer.Win win = trainer.mine(GENESIS.chainId(), parent.hash(), CompactTarget.decode(bits), 5_000);
        MiningProof proof = BlockAssembler.proof(win);
        BlockHeader header = BlockHeader.sign(key, GENESIS.chainId(), parent.height() + 1, parent.hash(),
                minerNode.ancestorTimes(parent).getLast() + 60, bits, Block.transactionsRoot(List.of()),
                Bytes32.of(new byte[32]), taskId, proof);
        int[] batch = TipKeyedBatch.draw(pay.task().seed(), miner, parent.hash(), win.step().mined().step(),
                TRAINING.size(), pay.task().hyperparameters().batchSize());
        return new Block(header, new WinnerOpening(win.startState(), OpenedBatch.open(TRAINING, batch)), List.of());
    }

    /** Carol's task: a 4-8-3 MLP on 40 generated points, batch 2, escrow {@code escrow}, deadlines 40, 50, 60. */
    private static PayForTask task(long escrow) {
        TrainingTask task = new TrainingTask(MlpArchitecture.of(4, List.of(8), Activation.RELU, 3),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 2), TRAINING.root(),
                Bytes32.fromHex("e0".repeat(32)), 11, 100_000, TargetMetric.accuracyAtLeast(0.5), escrow);
        return new PayForTask(task, TRAINING.size(), 4, 3, 40, 50, 60);
    }

    /** Three classes of points around fixed centres in [-1, 1]^4. */
    private static Dataset blobs(int n) {
        SplittableRandom centres = new SplittableRandom(99);
        float[][] centre = new float[3][4];
        for (float[] c : centre) {
            for (int j = 0; j < 4; j++) {
                c[j] = (float) (centres.nextDouble() * 2 - 1);
            }
        }
        SplittableRandom random = new SplittableRandom(1);
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
