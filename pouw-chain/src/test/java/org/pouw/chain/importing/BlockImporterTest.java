package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.BOB;
import static org.pouw.chain.importing.ChainFixtures.CAROL;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.HeaderDefect;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.fork.TipChange;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.StepRefusal;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.state.ImmatureReward;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The block import (docs/chain.md §7) on a chain mined by real training of a tiny MLP: blocks in order and out of
 * order, a fork and a reorg that gives the left branch's transactions back to the mempool, and the body-level
 * attacks, each refused with the reason that names its defect.
 */
class BlockImporterTest {
    private final ChainGenesis genesis = ChainFixtures.genesis(100);
    private final MemoryChainStore minerStore = new MemoryChainStore();
    private final BlockImporter minerNode = ChainFixtures.node(genesis, minerStore);
    private final ChainFixtures.Miner alice = new ChainFixtures.Miner(ALICE, genesis);

    /** Alice mines {@code count} blocks on her node's tip. */
    private List<Block> mineChain(int count) {
        List<Block> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Block block = alice.mine(minerNode, minerNode.tip(), List.of());
            assertThat(minerNode.importBlock(block).status()).isEqualTo(ImportStatus.ACCEPTED);
            chain.add(block);
        }
        return chain;
    }

    @Test
    void aMinedChainImportsInOrderAndIsStoredWithItsTip() {
        List<Block> chain = mineChain(4);
        MemoryChainStore store = new MemoryChainStore();
        BlockImporter validator = ChainFixtures.node(genesis, store);
        for (Block block : chain) {
            ImportResult result = validator.importBytes(block.encode());
            assertThat(result.status()).as(result.toString()).isEqualTo(ImportStatus.ACCEPTED);
            assertThat(result.tipChange()).isInstanceOf(TipChange.Extended.class);
        }
        assertThat(validator.tip().height()).isEqualTo(4);
        assertThat(validator.tip().hash()).isEqualTo(minerNode.tip().hash());
        assertThat(store.blocksInHeightOrder()).hasSize(4);
        assertThat(store.tip()).contains(validator.tip().hash());
        // The rewards are held immature (docs/chain.md §5.3): the balance stays at genesis, one reward per block waits.
        Bytes32 alice = Bytes32.of(ALICE.publicKey());
        assertThat(validator.tip().state().account(alice).balance()).isEqualTo(1_000);
        assertThat(validator.tip().state().immatureRewards(alice))
                .extracting(ImmatureReward::height, ImmatureReward::amount)
                .containsExactly(tuple(1L, genesis.block().subsidy()), tuple(2L, genesis.block().subsidy()),
                        tuple(3L, genesis.block().subsidy()), tuple(4L, genesis.block().subsidy()));
        assertThat(validator.importBlock(chain.get(2)).status()).isEqualTo(ImportStatus.ALREADY_KNOWN);
    }

    @Test
    void blocksOutOfOrderWaitAsOrphansAndConnectWhenTheirParentArrives() {
        List<Block> chain = mineChain(3);
        BlockImporter validator = ChainFixtures.node(genesis, new MemoryChainStore());
        assertThat(validator.importBlock(chain.get(2)).status()).isEqualTo(ImportStatus.ORPHAN_HELD);
        assertThat(validator.importBlock(chain.get(1)).status()).isEqualTo(ImportStatus.ORPHAN_HELD);
        assertThat(validator.orphanCount()).isEqualTo(2);

        ImportResult first = validator.importBlock(chain.get(0));

        assertThat(first.status()).isEqualTo(ImportStatus.ACCEPTED);
        assertThat(first.connected()).extracting(ImportResult::status)
                .containsExactly(ImportStatus.ACCEPTED, ImportStatus.ACCEPTED);
        assertThat(validator.tip().height()).isEqualTo(3);
        assertThat(validator.orphanCount()).isZero();
    }

    /** The body opens a state other than the one the header's winning step started from. */
    @Test
    void anOpeningOfAnotherStateIsRefusedWithoutCondemningTheBlock() {
        List<Block> chain = mineChain(2);
        Block honest = chain.get(1);
        Block swapped = new Block(honest.header(), new WinnerOpening(chain.get(0).opening().startState(),
                honest.opening().batch()), honest.transactions());
        BlockImporter validator = ChainFixtures.node(genesis, new MemoryChainStore());
        validator.importBlock(chain.get(0));

        ImportResult refused = validator.importBlock(swapped);

        assertThat(refused.refusal()).isEqualTo(ImportRefusal.STEP_REFUSED);
        assertThat(refused.cause()).isEqualTo(StepRefusal.START_STATE_MISMATCH);
        // the hash was not blamed: the honest copy, arriving later, is accepted
        assertThat(validator.importBlock(honest).status()).isEqualTo(ImportStatus.ACCEPTED);
    }

    /** Copies changed in transit — a record of the opening, or the transactions — do not blacklist the block. */
    @Test
    void corruptedCopiesOfABlockDoNotCondemnIt() {
        ChainGenesis chain = genesis;
        Transaction payment = Transaction.sign(CAROL, chain.chainId(), 0, 5, new byte[0],
                new Transfer(Bytes32.of(BOB.publicKey()), 100));
        Block honest = alice.mine(minerNode, minerNode.tip(), List.of(payment));
        List<byte[]> records = new ArrayList<>(honest.opening().batch().records());
        byte[] changed = records.getFirst().clone();
        changed[changed.length - 1] ^= 1;
        records.set(0, changed);
        Block badRecord = new Block(honest.header(), new WinnerOpening(honest.opening().startState(),
                new OpenedBatch(records, honest.opening().batch().proofs())), honest.transactions());
        Block badBody = new Block(honest.header(), honest.opening(), List.of());
        BlockImporter validator = ChainFixtures.node(chain, new MemoryChainStore());

        ImportResult first = validator.importBlock(badRecord);
        ImportResult second = validator.importBlock(badBody);

        assertThat(first.cause()).isEqualTo(StepRefusal.BATCH_RECORDS_UNPROVEN);
        assertThat(second.cause()).isEqualTo(BlockDefect.WRONG_TRANSACTIONS_ROOT);
        assertThat(validator.importBlock(honest).status()).isEqualTo(ImportStatus.ACCEPTED);
    }

    @Test
    void aBlockOnATaskNobodyMayMineIsRefused() {
        Block honest = mineChain(1).getFirst();
        Block onOtherTask = resign(ALICE, honest, honest.header().stateRoot(), honest.header().bits(),
                ChainFixtures.key(9).publicKey());
        ImportResult result = ChainFixtures.node(genesis, new MemoryChainStore()).importBlock(onOtherTask);
        assertThat(result.refusal()).isEqualTo(ImportRefusal.UNKNOWN_TASK);
    }

    @Test
    void aBlockAtAnotherTargetIsRefused() {
        Block honest = mineChain(1).getFirst();
        int easier = CompactTarget.encode(BigInteger.ONE.shiftLeft(254));
        Block wrongTarget = resign(ALICE, honest, honest.header().stateRoot(), easier, null);
        ImportResult result = ChainFixtures.node(genesis, new MemoryChainStore()).importBlock(wrongTarget);
        assertThat(result.refusal()).isEqualTo(ImportRefusal.BAD_HEADER);
        assertThat(result.cause()).isEqualTo(HeaderDefect.WRONG_TARGET);
    }

    @Test
    void aBlockWhoseStateRootLiesIsRefusedAndRemembered() {
        List<Block> chain = mineChain(2);
        Block honest = chain.getFirst();
        Block lying = resign(ALICE, honest, StateRoot.of(genesis.initialState()), honest.header().bits(), null);
        BlockImporter validator = ChainFixtures.node(genesis, new MemoryChainStore());

        ImportResult result = validator.importBlock(lying);

        assertThat(result.refusal()).isEqualTo(ImportRefusal.BAD_BODY);
        assertThat(result.cause()).isEqualTo(BlockDefect.WRONG_STATE_ROOT);
        assertThat(validator.importBlock(lying).refusal()).isEqualTo(ImportRefusal.KNOWN_INVALID);
        assertThat(validator.tip().height()).isZero();
    }

    /**
     * The orphan waiting on a refused block (a dead winning step) is dropped with it and remembered, so it is refused
     * at once when sent again.
     */
    @Test
    void theOrphansOfAnInvalidBlockAreRefusedWithIt() {
        List<Block> chain = mineChain(2);
        Block dead = symmetricWinner();
        Block child = resign(ALICE, chain.get(1), dead.header().hash(genesis.chainId()));
        BlockImporter validator = ChainFixtures.node(genesis, new MemoryChainStore());
        assertThat(validator.importBlock(child).status()).isEqualTo(ImportStatus.ORPHAN_HELD);

        assertThat(validator.importBlock(dead).refusal()).isEqualTo(ImportRefusal.STEP_REFUSED);

        assertThat(validator.orphanCount()).isZero();
        ImportResult again = validator.importBlock(child);
        assertThat(again.refusal()).isEqualTo(ImportRefusal.KNOWN_INVALID);
        assertThat(again.detail()).contains("descends from the invalid block");
    }

    @Test
    void aBadSignatureIsRefusedWithoutBlamingTheHash() {
        Block honest = mineChain(1).getFirst();
        BlockHeader h = honest.header();
        byte[] signature = h.signature();
        signature[0] ^= 1;
        Block forged = new Block(new BlockHeader(h.height(), h.parent(), h.timestamp(), h.bits(), h.txRoot(),
                h.stateRoot(), h.miner(), h.taskId(), h.proof(), signature), honest.opening(), honest.transactions());
        BlockImporter validator = ChainFixtures.node(genesis, new MemoryChainStore());

        ImportResult result = validator.importBlock(forged);

        assertThat(result.cause()).isEqualTo(HeaderDefect.BAD_SIGNATURE);
        assertThat(validator.importBlock(honest).status()).isEqualTo(ImportStatus.ACCEPTED);
    }

    /** The winning step trains two identical hidden units: it is replayed, found dead, and the block refused. */
    @Test
    void aWinningStepThatIsNotLiveIsRefused() {
        Block dead = symmetricWinner();
        ImportResult result = ChainFixtures.node(genesis, new MemoryChainStore()).importBlock(dead);
        assertThat(result.refusal()).isEqualTo(ImportRefusal.STEP_REFUSED);
        assertThat(result.cause()).isEqualTo(StepRefusal.SYMMETRIC_UNITS);
    }

    @Test
    void aTimestampBeyondTheFutureLimitIsRefusedAndNotRemembered() {
        Block honest = mineChain(1).getFirst();
        BlockImporter early = BlockImporter.open(genesis, new MemoryChainStore(),
                new org.pouw.core.SettableClock((ChainFixtures.T0 - 31) * 1_000));
        ImportResult result = early.importBlock(honest);
        assertThat(result.refusal()).isEqualTo(ImportRefusal.BAD_TIMESTAMP);
    }

    @Test
    void bytesThatAreNotABlockAreRefused() {
        ImportResult result = ChainFixtures.node(genesis, new MemoryChainStore()).importBytes(new byte[] {1, 2, 3});
        assertThat(result.refusal()).isEqualTo(ImportRefusal.UNDECODABLE);
        assertThat(result.hash()).isNull();
    }

    /**
     * Alice's block carries Carol's payment; Bob mines a longer branch without it. The validator reorganises onto
     * Bob's branch and its mempool takes the payment back, so it is mined again.
     */
    @Test
    void aReorgGivesTheLeftBranchsTransactionsBackToTheMempool() {
        ChainFixtures.Miner bob = new ChainFixtures.Miner(BOB, genesis);
        Transaction payment = Transaction.sign(CAROL, genesis.chainId(), 0, 5, new byte[0],
                new Transfer(Bytes32.of(ALICE.publicKey()), 100));
        Block a1 = alice.mine(minerNode, minerNode.tip(), List.of(payment));
        minerNode.importBlock(a1);
        BlockNode genesisNode = minerNode.node(genesis.chainId()).orElseThrow();
        Block b1 = bob.mine(minerNode, genesisNode, List.of());
        minerNode.importBlock(b1);
        Block b2 = bob.mine(minerNode, minerNode.node(b1.header().hash(genesis.chainId())).orElseThrow(), List.of());

        BlockImporter validator = BlockImporter.open(genesis, new MemoryChainStore(), ChainFixtures.clock(),
                new MempoolSize(100, 10), ChainFixtures.TEAM);
        Mempool mempool = validator.mempool();
        assertThat(mempool.add(payment, validator.tip().state(), 1).isAccepted()).isTrue();
        assertThat(validator.importBlock(a1).status()).isEqualTo(ImportStatus.ACCEPTED);
        assertThat(mempool.contains(payment)).as("mined, so no longer pending").isFalse();

        validator.importBlock(b1);         // equal work: the lower ticket decides
        ImportResult reorg = validator.importBlock(b2);

        assertThat(validator.tip().hash()).isEqualTo(b2.header().hash(genesis.chainId()));
        assertThat(reorg.status()).isEqualTo(ImportStatus.ACCEPTED);
        assertThat(mempool.contains(payment)).as("back from the left block").isTrue();
    }

    /** Alice's block on genesis whose winning step starts from a state with two identical hidden units. */
    private Block symmetricWinner() {
        BlockNode parent = minerNode.node(genesis.chainId()).orElseThrow();
        Bytes32 miner = Bytes32.of(ALICE.publicKey());
        Bytes32 taskId = minerNode.assignedTask(parent, miner);
        TrainingTask task = minerNode.taskFor(parent, taskId).task();
        TrainingState state = TrainingState.initial(task);
        Bytes32 chained = minerNode.segmentStart(parent, taskId, miner);
        BigInteger target = CompactTarget.decode(minerNode.expectedBits(parent));
        for (int i = 0; i < 5_000; i++) {
            // the units' outgoing weights differ, so a step tells them apart again: the miner copies before each
            DenseLayer first = (DenseLayer) state.network().layers().get(0);
            for (float[] row : first.weight().value()) {
                row[1] = row[0];
            }
            first.bias().value()[0][1] = first.bias().value()[0][0];
            byte[] start = state.encode();
            TipKeyedStep step = TipKeyedStep.take(task, ChainFixtures.DATA, state, miner,
                    parent.hash(), genesis.tickets(), ChainFixtures.TEAM);
            int j = Tickets.firstWinning(genesis.chainId(), step.mined(), miner, target);
            if (j >= 0) {
                // the segment claims to chain from the task's initial state, so only the replay can find it dead
                return new BlockAssembler(minerNode, ALICE).assemble(parent, ChainFixtures.T0 + 60, taskId,
                        ChainFixtures.DATA, new ChainTrainer.Win(step, j, start, chained, List.of(step.mined())),
                        List.of());
            }
        }
        throw new AssertionError("no winning step in 5,000");
    }

    /** {@code block} signed again as a child of {@code parent}: a well-formed orphan whose parent is given. */
    private static Block resign(Ed25519.KeyPair key, Block block, Bytes32 parent) {
        BlockHeader h = block.header();
        BlockHeader header = BlockHeader.sign(key, ChainFixtures.genesis(100).chainId(), h.height(), parent,
                h.timestamp(), h.bits(), h.txRoot(), h.stateRoot(), h.taskId(), h.proof());
        return new Block(header, block.opening(), block.transactions());
    }

    private static Block resign(Ed25519.KeyPair key, Block block, Bytes32 stateRoot, int bits, byte[] taskSeed) {
        BlockHeader h = block.header();
        Bytes32 task = taskSeed == null ? h.taskId() : Bytes32.of(org.pouw.crypto.Blake3.hash(taskSeed));
        BlockHeader header = BlockHeader.sign(key, ChainFixtures.genesis(100).chainId(), h.height(), h.parent(),
                h.timestamp(), bits, h.txRoot(), stateRoot, task, h.proof());
        return new Block(header, block.opening(), block.transactions());
    }
}
