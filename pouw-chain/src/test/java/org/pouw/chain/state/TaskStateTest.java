package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
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
 * Tasks, work logs, assignments, beacons and burns live in the state's layers like accounts do (docs/chain.md §7):
 * branches do not see each other's, squashing keeps every read, and each is covered by the state root.
 */
class TaskStateTest {
    private static final Bytes32 TASK = Bytes32.fromHex("7a".repeat(32));
    private static final Bytes32 POSTER = Bytes32.fromHex("01".repeat(32));
    private static final Bytes32 ANNA = Bytes32.fromHex("a1".repeat(32));
    private static final Bytes32 BORIS = Bytes32.fromHex("b1".repeat(32));

    static PayForTask spec(long escrow) {
        TrainingTask task = new TrainingTask(MlpArchitecture.of(2, List.of(3), Activation.RELU, 2),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 1),
                Bytes32.fromHex("d0".repeat(32)), Bytes32.fromHex("e0".repeat(32)), 1, 100,
                TargetMetric.accuracyAtLeast(0), escrow);
        return new PayForTask(task, 20, 2, 2, 10, 20, 30);
    }

    @Test
    void taskEntriesLiveInLayersAndSquash() {
        StateLayer base = StateLayer.empty();
        base.putTask(TASK, TaskRecord.posted(POSTER, spec(500), 1));
        StateLayer left = base.child();
        StateLayer right = base.child();
        left.putTask(TASK, base.task(TASK).charged(100).withParticipant(ANNA));
        left.putWorkLog(TASK, ANNA, WorkLog.firstBlock(BORIS, 2));
        left.burn(7);
        left.putBeacon(3, ANNA);
        left.scheduleSettlement(31, TASK);
        assertThat(left.task(TASK).budget()).isEqualTo(400);
        assertThat(right.settlementsDue(31)).isEmpty();
        assertThat(right.task(TASK).budget()).as("the other branch").isEqualTo(500);
        assertThat(right.workLog(TASK, ANNA)).isNull();
        assertThat(right.burnt()).isZero();
        assertThat(right.beacon(3)).isNull();

        StateLayer deep = left.child().child();
        deep.burn(3);
        Bytes32 root = StateRoot.of(deep);
        deep.squash();
        assertThat(deep.depth()).isEqualTo(1);
        assertThat(deep.task(TASK).participants()).containsExactly(ANNA);
        assertThat(deep.workLog(TASK, ANNA).segmentEnd()).isEqualTo(BORIS);
        assertThat(deep.burnt()).isEqualTo(10);
        assertThat(deep.beacon(3)).isEqualTo(ANNA);
        assertThat(deep.settlementsDue(31)).containsExactly(TASK);
        assertThat(StateRoot.of(deep)).as("squashing changes no entry").isEqualTo(root);
    }

    @Test
    void theRootCoversEveryTaskEntry() {
        StateLayer base = StateLayer.empty();
        base.putTask(TASK, TaskRecord.posted(POSTER, spec(500), 1));
        base.putWorkLog(TASK, ANNA, WorkLog.firstBlock(BORIS, 2));
        Bytes32 root = StateRoot.of(base);
        List<Consumer<StateLayer>> changes = List.of(
                s -> s.putTask(TASK, s.task(TASK).charged(1)),
                s -> s.putTask(TASK, s.task(TASK).withParticipant(BORIS)),
                s -> s.putTask(TASK, s.task(TASK).committed()),
                s -> s.putTask(TASK, s.task(TASK).settledOut()),
                s -> s.putTask(TASK, TaskRecord.posted(POSTER, spec(501), 1)),
                s -> s.putWorkLog(TASK, ANNA, s.workLog(TASK, ANNA).nextBlock(ANNA, 3)),
                s -> s.putWorkLog(TASK, ANNA, s.workLog(TASK, ANNA).committed(ANNA, 3, 0)),
                s -> s.putWorkLog(TASK, ANNA, s.workLog(TASK, ANNA).revealed(new byte[4])),
                s -> s.putWorkLog(TASK, BORIS, WorkLog.firstBlock(BORIS, 2)),
                s -> {
                    TreeMap<Bytes32, Bytes32> assignment = new TreeMap<>(StateLayer.KEY_ORDER);
                    assignment.put(ANNA, TASK);
                    s.putAssignment(0, assignment);
                },
                s -> s.putBeacon(1, ANNA),
                s -> s.burn(1));
        for (int i = 0; i < changes.size(); i++) {
            StateLayer changed = base.child();
            changes.get(i).accept(changed);
            assertThat(StateRoot.of(changed)).as("change %d", i).isNotEqualTo(root);
        }
        assertThat(StateRoot.of(base.child())).isEqualTo(root);
    }

    /** Equal scores go to the earlier commitment: two identical models, the second committed first, ranks first. */
    @Test
    void tiesGoToTheEarlierCommitment() {
        PayForTask spec = spec(900);
        byte[] model = TrainingState.initial(spec.task()).encode();
        Bytes32 end = TrainingState.initial(spec.task()).hash(ThreadTeam.single());
        StateLayer state = StateLayer.empty();
        state.putTask(TASK, TaskRecord.posted(POSTER, spec, 1).withParticipant(ANNA).withParticipant(BORIS));
        state.putWorkLog(TASK, ANNA, WorkLog.firstBlock(end, 2).committed(ANNA, 5, 1).revealed(model));
        state.putWorkLog(TASK, BORIS, WorkLog.firstBlock(end, 3).committed(BORIS, 4, 0).revealed(model));
        Dataset heldOut = Dataset.of(new float[][] {{1, 0}, {0, 1}, {1, 1}}, new int[] {0, 1, 1}, 2);

        List<SettlementReport.Ranked> ranked = new TaskSettlement(TaskParameters.DEFAULTS)
                .byHeldOut(state, TASK, heldOut).ranking();

        assertThat(ranked).extracting(SettlementReport.Ranked::miner).containsExactly(BORIS, ANNA);
        assertThat(ranked.get(0).evaluation().correct()).isEqualTo(ranked.get(1).evaluation().correct());
        assertThat(state.account(BORIS).balance()).isEqualTo(600);
        assertThat(state.account(ANNA).balance()).isEqualTo(300);
        assertThat(state.task(TASK).settled()).isTrue();
    }
}
