package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.BLOCK_COST;
import static org.pouw.chain.task.TaskScenario.id;

import org.junit.jupiter.api.Test;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.StateRoot;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * Budgets, work logs and participants follow the branch a block is on (docs/chain.md §7): two branches from one
 * parent each charge the task for their own blocks only, so a reorg — switching to the other branch's layer —
 * restores the other branch's budget and segment ends without undoing anything; squashing a branch keeps them.
 */
class TaskForkTest {
    private static final Ed25519.KeyPair POSTER = TaskScenario.key(90);
    private static final Ed25519.KeyPair ANNA = TaskScenario.key(91);
    private static final Ed25519.KeyPair BORIS = TaskScenario.key(92);

    @Test
    void eachBranchChargesTheTaskForItsOwnBlocks() {
        TaskScenario chain = new TaskScenario(POSTER, ANNA, BORIS);
        chain.stake(ANNA, BORIS);
        Bytes32 task = chain.post(POSTER, TaskScenario.task(1_000, 12, 16, 20));
        chain.block(ANNA, task);
        StateLayer common = chain.state;
        long forkHeight = chain.height;

        chain.block(ANNA, task);
        chain.block(ANNA, task);
        StateLayer left = chain.state;

        chain.state = common;
        chain.height = forkHeight;
        chain.block(BORIS, task);
        StateLayer right = chain.state;

        assertThat(left.task(task).budget()).isEqualTo(1_000 - 3 * BLOCK_COST);
        assertThat(right.task(task).budget()).isEqualTo(1_000 - 2 * BLOCK_COST);
        assertThat(common.task(task).budget()).isEqualTo(1_000 - BLOCK_COST);
        assertThat(left.workLog(task, id(ANNA)).blocks()).isEqualTo(3);
        assertThat(right.workLog(task, id(ANNA)).blocks()).isEqualTo(1);
        assertThat(left.workLog(task, id(BORIS))).isNull();
        assertThat(right.task(task).participants()).containsExactly(id(ANNA), id(BORIS));
        assertThat(left.task(task).participants()).containsExactly(id(ANNA));
        assertThat(StateRoot.of(left)).isNotEqualTo(StateRoot.of(right));

        Bytes32 leftRoot = StateRoot.of(left);
        left.squash();
        assertThat(StateRoot.of(left)).isEqualTo(leftRoot);
        assertThat(left.task(task).budget()).isEqualTo(1_000 - 3 * BLOCK_COST);
        assertThat(right.task(task).budget()).as("the other branch still reads its own").isEqualTo(800);
    }
}
