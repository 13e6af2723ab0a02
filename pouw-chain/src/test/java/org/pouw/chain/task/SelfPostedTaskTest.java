package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.BLOCK_COST;
import static org.pouw.chain.task.TaskScenario.FUNDS;
import static org.pouw.chain.task.TaskScenario.SUBSIDY;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.StateRoot;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The attack of issue 19 §2: a miner posts its own junk task and mines it. Its mining is bounded by the escrow — each
 * block takes the block's cost from the budget, and once the budget is below a block's cost the task yields no valid
 * block — and the escrow does not come back to it beyond its share as a ranked participant: the chain assigns the
 * task to another miner too, who takes its share. The epochs' holdings (docs/chain.md §4.3) are all used up by the
 * blocks mined, so the farmer's task is charged exactly its blocks.
 */
class SelfPostedTaskTest {
    private static final Ed25519.KeyPair FARMER = TaskScenario.key(1);
    private static final Ed25519.KeyPair HONEST = TaskScenario.key(2);
    /**
     * Eight blocks' worth: the first epoch (heights 1–4, drawn at height 1) holds both miners for ⌈100 · 4 / 2⌉ = 200
     * each and they mine its four blocks; the second holds one miner for ⌈100 · 5 / 2⌉ = 250 (⌊400 / 250⌋ = 1 slot,
     * docs/chain.md §4.3), who mines the last four.
     */
    private static final long ESCROW = 8 * BLOCK_COST;

    @Test
    void theBudgetRunsOutAndTheEscrowIsNotReturnedBeyondTheRankedShare() {
        TaskScenario chain = new TaskScenario(FARMER, HONEST);
        chain.stake(FARMER, HONEST);
        Bytes32 task = chain.post(FARMER, TaskScenario.task(ESCROW, 30, 34, 38));
        long farmerAfterPosting = chain.state.account(id(FARMER)).balance();
        assertThat(farmerAfterPosting).isEqualTo(FUNDS - ESCROW - 1);

        int farmerBlocks = 0;
        int honestBlocks = 0;
        Ed25519.KeyPair secondEpochMiner = null;
        for (int i = 0; i < 8; i++) {
            Ed25519.KeyPair miner;
            if (i < 4) {
                miner = i % 3 == 2 ? HONEST : FARMER;
            } else {
                if (secondEpochMiner == null) {
                    secondEpochMiner = task.equals(chain.tasks.assignedTask(chain.state, id(FARMER), chain.height + 1,
                            TaskScenario.BITS)) ? FARMER : HONEST;
                }
                miner = secondEpochMiner;
            }
            chain.block(miner, task);
            if (i == 0) {
                assertThat(chain.assigned(HONEST)).as("the chain assigned the farmer's task to the honest miner too")
                        .isEqualTo(task);
            }
            if (miner == FARMER) {
                farmerBlocks++;
            } else {
                honestBlocks++;
            }
            assertThat(chain.state.task(task).budget()).isEqualTo(ESCROW - (i + 1) * BLOCK_COST);
        }

        // The budget is spent: not even the miner the epoch holds on it can mine another block on it.
        StateLayer before = chain.state;
        Bytes32 rootBefore = StateRoot.of(before);
        BlockOutcome spent = chain.tryBlock(secondEpochMiner, task, chain.segment(secondEpochMiner, task),
                List.of());
        assertThat(spent.defect()).isEqualTo(BlockDefect.TASK_BUDGET_SPENT);
        assertThat(StateRoot.of(chain.state)).isEqualTo(rootBefore);

        // Both commit and reveal in blocks (mined on the filler task now the farmer's task is spent); the poster
        // reveals the held-out set and the escrow is split by rank.
        chain.fillUntil(HONEST, 27);
        chain.block(HONEST, chain.filler(), chain.tx(FARMER, chain.commit(FARMER, task)));
        chain.block(FARMER, chain.filler(), chain.tx(HONEST, chain.commit(HONEST, task)));
        chain.fillUntil(HONEST, 30);
        chain.block(HONEST, chain.filler(), chain.tx(FARMER, chain.reveal(FARMER, task)));
        chain.block(FARMER, chain.filler(), chain.tx(HONEST, chain.reveal(HONEST, task)));
        chain.fillUntil(HONEST, 34);
        long farmerBeforeSettlement = chain.state.account(id(FARMER)).balance();
        long honestBeforeSettlement = chain.state.account(id(HONEST)).balance();
        chain.block(HONEST, chain.filler(), chain.tx(FARMER, TaskScenario.heldOut(task)));
        long farmerShare = chain.state.account(id(FARMER)).balance() - farmerBeforeSettlement + 1;
        long honestShare = chain.state.account(id(HONEST)).balance() - honestBeforeSettlement - SUBSIDY - 1;

        assertThat(farmerShare + honestShare).isEqualTo(ESCROW);
        assertThat(honestShare).as("the honest participant's ranked share").isPositive();
        assertThat(farmerShare).as("at most the first rank's weight").isLessThanOrEqualTo(ESCROW * 40 / 60 + 1);
        assertThat(chain.state.task(task).settled()).isTrue();
        assertThat(chain.state.task(task).escrow()).isZero();
        // The farmer's coins from the task itself: what it paid (escrow and fees) against its ranked share. Its
        // block rewards it would have had from any task the chain assigned it; net, the escrow cost it money.
        assertThat(farmerShare - ESCROW).isNegative();
        assertThat(honestBlocks).isPositive();
        assertThat(farmerBlocks).isPositive();
    }
}
