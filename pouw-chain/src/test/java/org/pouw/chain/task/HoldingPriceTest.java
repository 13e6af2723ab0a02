package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.BITS;
import static org.pouw.chain.task.TaskScenario.BLOCK_COST;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.TaskRecord;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The holding price (docs/chain.md §4.3): a paid task pays from its budget for every miner an epoch's matching gives
 * it, whether or not a block is won on it. The attack: a poster funds a task on which its miners can win nothing — the
 * state a task that stopped learning leaves its miners in, every step refused {@code PARAMETERS_FROZEN} or
 * {@code GRADIENT_DEAD} ({@code StoppedLearningTest}, {@code DeadStepInWindowTest}) — to hold M_task miners epoch
 * after epoch. Charged per block only, such a task's budget was never touched, so it held them until its commit
 * deadline for the price of one block. Here the held miners win nothing on it (the chain's other miners mine the
 * filler), and the test computes each epoch's holding itself.
 *
 * <p>The chain: five staked miners, M_task = 2, epochs of 5 blocks, every block costing a task 100; a task posted at
 * height 4 is first drawn at height 5, so every matching has L = 5 blocks to hold for and one miner's holding is
 * ⌈100 · 5 / 5⌉ = 100, one block's cost: exactly what an honest task pays when each of its miners wins its equal share.
 */
class HoldingPriceTest {
    private static final Ed25519.KeyPair POSTER = TaskScenario.key(80);
    private static final int MINERS = 5;
    private static final int MINERS_PER_TASK = 2;
    private static final long EPOCH = 5;
    private static final long ESCROW = 1_000;
    private static final long COMMIT_BY = 200;

    /** The hold the test expects: an equal share of an epoch's five blocks among the five miners. */
    private static final long HOLD = Math.ceilDiv(BLOCK_COST * EPOCH, MINERS);

    @Test
    void aTaskWhoseMinersWinNothingPaysForEveryMinerItHoldsAndLeavesTheDrawWhenSpent() {
        Chain chain = new Chain();
        Bytes32 task = chain.postAtHeight4(ESCROW);
        long budget = ESCROW;
        long heldMinerEpochs = 0;
        for (int epoch = 1; epoch <= 8; epoch++) {
            List<Ed25519.KeyPair> held = chain.heldBy(task);
            if (budget < BLOCK_COST) {
                assertThat(held).as("epoch %d: a spent task holds nobody", epoch).isEmpty();
            } else {
                assertThat(held).as("epoch %d: the task holds M_task miners", epoch).hasSize(MINERS_PER_TASK);
                assertThat(chain.record(task).held()).isEqualTo(held.size() * HOLD);
            }
            chain.epochWithoutWinsOn(held);
            heldMinerEpochs += held.size();
            // Nothing was won on it: at the next matching all of the holding is forfeited.
            budget -= held.size() * HOLD;
            chain.firstBlockOfNextEpoch(held);
            assertThat(chain.record(task).budget()).as("epoch %d: the budget after its holding", epoch)
                    .isEqualTo(budget);
        }
        // F buys F / hold miner-epochs and no more: 1,000 / 100 = 10, five epochs of two miners.
        assertThat(heldMinerEpochs).isEqualTo(ESCROW / HOLD).isEqualTo(10);
        assertThat(ESCROW - chain.record(task).budget()).as("paid for the miners it held")
                .isEqualTo(heldMinerEpochs * HOLD);
        assertThat(chain.record(task).escrow()).as("no coin moved: the escrow settles as before").isEqualTo(ESCROW);
        // Charged per block only, the budget stayed whole and the task held two miners every epoch until its commit
        // deadline: 2 · (200 / 5) = 80 miner-epochs for the price of the one block its budget had to cover.
        assertThat(heldMinerEpochs).isLessThan(MINERS_PER_TASK * (COMMIT_BY / EPOCH));
    }

    @Test
    void anHonestTaskWhoseMinersWinTheirShareIsChargedExactlyItsBlocks() {
        Chain chain = new Chain();
        Bytes32 task = chain.postAtHeight4(ESCROW);
        long blocksOnTask = 0;
        for (int epoch = 1; epoch <= 4; epoch++) {
            List<Ed25519.KeyPair> held = chain.heldBy(task);
            assertThat(held).hasSize(MINERS_PER_TASK);
            // Each held miner wins its equal share, one block an epoch.
            blocksOnTask += chain.epochWinningOn(task, held, held);
            chain.firstBlockOfNextEpoch(held);
        }
        assertThat(blocksOnTask).isEqualTo(8);
        assertThat(ESCROW - chain.record(task).budget()).as("its blocks' cost and nothing more")
                .isEqualTo(blocksOnTask * BLOCK_COST)
                .as("what the task that won nothing paid for as many miner-epochs").isEqualTo(8 * HOLD);
    }

    @Test
    void anHonestTaskWhoseMinersWinLessLosesExactlyTheShortfall() {
        Chain chain = new Chain();
        Bytes32 task = chain.postAtHeight4(ESCROW);
        List<Ed25519.KeyPair> held = chain.heldBy(task);
        assertThat(chain.record(task).held()).isEqualTo(MINERS_PER_TASK * HOLD);
        // Only one of its two miners wins a block this epoch.
        chain.epochWinningOn(task, held, held.subList(0, 1));
        assertThat(chain.record(task).budget()).as("the block's cost, from the holding").isEqualTo(ESCROW - BLOCK_COST);
        assertThat(chain.record(task).held()).isEqualTo(MINERS_PER_TASK * HOLD - BLOCK_COST);
        chain.firstBlockOfNextEpoch(held);
        // The shortfall (one holding, 100) is forfeited, and the next epoch's holding set aside.
        TaskRecord next = chain.record(task);
        assertThat(next.budget()).isEqualTo(ESCROW - MINERS_PER_TASK * HOLD);
        assertThat(ESCROW - next.budget() - BLOCK_COST).as("the extra over its blocks, at most its holding")
                .isEqualTo(HOLD).isLessThanOrEqualTo(MINERS_PER_TASK * HOLD);
        assertThat(next.held()).isEqualTo(MINERS_PER_TASK * HOLD);
    }

    @Test
    void aTaskThatCanPayOneHoldingGetsOneMiner() {
        Chain chain = new Chain();
        Bytes32 task = chain.postAtHeight4(HOLD + HOLD / 2);
        assertThat(chain.heldBy(task)).as("⌊150 / 100⌋ = 1 slot, under M_task = 2").hasSize(1);
        assertThat(chain.record(task).held()).isEqualTo(HOLD);
    }

    /** Five staked miners on a TaskScenario chain with M_task = 2 and the genesis dataset for the filler. */
    private static final class Chain {
        final TaskScenario scenario;
        final List<Ed25519.KeyPair> miners = new ArrayList<>();

        Chain() {
            TaskParameters p = TaskScenario.PARAMETERS;
            TaskParameters two = new TaskParameters(p.ticketPriceNumerator(), p.ticketPriceDenominator(),
                    p.sgdLearningRate(), p.adamLearningRate(), p.maxBatch(), p.recordsPerBatch(),
                    p.maxMultiplyAdds(), p.maxStateWords(), p.minWindow(), p.maxLifetime(), MINERS_PER_TASK,
                    EPOCH, 0, p.rankWeights());
            for (int i = 0; i < MINERS; i++) {
                miners.add(TaskScenario.key(81 + i));
            }
            scenario = new TaskScenario(two, List.of(TaskScenario.GENESIS), POSTER);
            miners.forEach(scenario::stake);
        }

        /** Fills heights 1–4 on the filler and posts the task, so its first matching is drawn at height 5. */
        Bytes32 postAtHeight4(long escrow) {
            scenario.fillUntil(miners.get(0), EPOCH - 1);
            Bytes32 task = scenario.post(POSTER, TaskScenario.task(escrow, COMMIT_BY, COMMIT_BY + 2, COMMIT_BY + 4));
            firstBlockOfNextEpoch(List.of());
            return task;
        }

        /** The miners the current epoch gives {@code task}, read from the stored matching. */
        List<Ed25519.KeyPair> heldBy(Bytes32 task) {
            return miners.stream().filter(m -> task.equals(scenario.assigned(m))).toList();
        }

        TaskRecord record(Bytes32 task) {
            return scenario.state.task(task);
        }

        /** The rest of the epoch mined on the filler by miners the task does not hold. */
        void epochWithoutWinsOn(List<Ed25519.KeyPair> held) {
            Ed25519.KeyPair free = freeMiner(held);
            while ((scenario.height + 1) % EPOCH != 0) {
                scenario.block(free, scenario.filler());
            }
        }

        /** The rest of the epoch: one block on {@code task} by each of {@code winners}, the others on the filler. */
        long epochWinningOn(Bytes32 task, List<Ed25519.KeyPair> held, List<Ed25519.KeyPair> winners) {
            for (Ed25519.KeyPair winner : winners) {
                scenario.block(winner, task);
            }
            epochWithoutWinsOn(held);
            return winners.size();
        }

        /** The next epoch's first block, by a miner the coming matching puts on the filler: it draws the matching. */
        void firstBlockOfNextEpoch(List<Ed25519.KeyPair> held) {
            assertThat((scenario.height + 1) % EPOCH).isZero();
            for (Ed25519.KeyPair miner : miners) {
                Bytes32 assigned = scenario.tasks.assignedTask(scenario.state, id(miner), scenario.height + 1, BITS);
                if (assigned != null && assigned.equals(scenario.filler())) {
                    scenario.block(miner, assigned);
                    return;
                }
            }
            throw new AssertionError("no miner on the filler at height " + (scenario.height + 1) + "; held " + held);
        }

        private Ed25519.KeyPair freeMiner(List<Ed25519.KeyPair> held) {
            return miners.stream().filter(m -> !held.contains(m) && scenario.filler().equals(scenario.assigned(m)))
                    .findFirst().orElseThrow();
        }
    }
}
