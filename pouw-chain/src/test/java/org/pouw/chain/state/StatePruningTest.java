package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.TransactionTest;
import org.pouw.ml.wire.Bytes32;

/**
 * Deletions in the layered state (docs/chain.md §5.5): a tombstone hides what the layers below hold, the state root
 * is then the root of a state that never had the entry, the branch below keeps it, and a squash keeps it gone.
 */
class StatePruningTest {
    private static final Bytes32 TASK = Bytes32.fromHex("f1".repeat(32));
    private static final Bytes32 MINER = Bytes32.fromHex("0e".repeat(32));

    private static StateLayer withFillerEntries() {
        StateLayer state = StateLayer.empty();
        state.putAccount(MINER, new Account(10, 0));
        PayForTask spec = (PayForTask) TransactionTest.everyKind().get(4);
        state.putTask(TASK, TaskRecord.filler(spec, 0).withParticipant(MINER));
        state.putWorkLog(TASK, MINER, WorkLog.firstBlock(Bytes32.fromHex("aa".repeat(32)), 3));
        TreeMap<Bytes32, Bytes32> assignment = new TreeMap<>(StateLayer.KEY_ORDER);
        assignment.put(MINER, TASK);
        state.putAssignment(0, assignment);
        state.putBeacon(0, Bytes32.fromHex("bb".repeat(32)));
        return state;
    }

    @Test
    void aPrunedEntryIsGoneAboveAndStaysBelowAndTheRootIsAsIfItNeverWas() {
        StateLayer parent = withFillerEntries();
        Bytes32 parentRoot = StateRoot.of(parent);
        StateLayer child = parent.child();
        child.pruneWorkLog(TASK, MINER);
        child.pruneTask(TASK);
        child.pruneEpoch(0);

        assertThat(child.task(TASK)).isNull();
        assertThat(child.workLog(TASK, MINER)).isNull();
        assertThat(child.assignment(0)).isNull();
        assertThat(child.beacon(0)).isNull();
        assertThat(parent.task(TASK)).as("the other branch keeps it").isNotNull();
        assertThat(StateRoot.of(parent)).isEqualTo(parentRoot);

        StateLayer never = StateLayer.empty();
        never.putAccount(MINER, new Account(10, 0));
        assertThat(StateRoot.of(child)).isEqualTo(StateRoot.of(never)).isNotEqualTo(parentRoot);

        StateLayer grandchild = child.child();
        assertThat(grandchild.task(TASK)).as("a tombstone hides through later layers").isNull();
        grandchild.squash();
        assertThat(grandchild.task(TASK)).isNull();
        assertThat(grandchild.workLog(TASK, MINER)).isNull();
        assertThat(grandchild.assignment(0)).isNull();
        assertThat(StateRoot.of(grandchild)).isEqualTo(StateRoot.of(never));
    }

    @Test
    void writingAnEntryAgainAfterItsDeletionBringsItBack() {
        StateLayer child = withFillerEntries().child();
        child.pruneEpoch(0);
        child.putBeacon(0, Bytes32.fromHex("cc".repeat(32)));
        assertThat(child.beacon(0)).isEqualTo(Bytes32.fromHex("cc".repeat(32)));
        assertThat(child.assignment(0)).as("the assignment stays deleted").isNull();
        StateLayer squashed = child.child();
        squashed.squash();
        assertThat(squashed.beacon(0)).isEqualTo(Bytes32.fromHex("cc".repeat(32)));
        assertThat(squashed.assignment(0)).isNull();
    }
}
