package org.pouw.kinds.mltrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.kinds.MapBlobs;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * An ml-train job of a task that starts from given weights ({@code --init}): the node plans it only with the exact
 * start state the task names ({@code init_blob}), a worker that holds just its prover inputs trains from it and is
 * paid, and each mismatch is refused naming {@code init_blob} before anything is stored for the job.
 */
class MlTrainFromGivenWeightsTest {
    private static final Dataset TRAIN = MlFixtures.clusters(96, 1);
    private static final Dataset HELD_OUT = MlFixtures.clusters(48, 2);

    private final MapBlobs blobs = new MapBlobs();
    private final MlTrainKind kind = new MlTrainKind();
    private final MlTrainIntents intents = new MlTrainIntents(blobs, kind, 10_000, 6, 40);
    private final String train = intents.storeDataset(DatasetCodec.encode(TRAIN)).blob();
    private final String heldOut = intents.storeDataset(DatasetCodec.encode(HELD_OUT)).blob();

    /** A client's model: the seeded network after a few steps of another run, as a step-0 state. */
    private static TrainingState clientModel(TrainingTask seeded) {
        TrainingTask longer = MlFixtures.task(TRAIN, HELD_OUT, 100, seeded.target(), seeded.fee());
        TrainingState state = TrainingState.initial(longer);
        Trainer trainer = new Trainer(longer, TRAIN, state, ThreadTeam.single());
        for (int s = 0; s < 25; s++) {
            trainer.step();
        }
        return TrainingState.startingWith(state.network(), seeded.hyperparameters().optimizer());
    }

    @Test
    void a_worker_holding_only_its_prover_inputs_trains_from_the_given_weights_and_is_paid() {
        TrainingTask seeded = MlFixtures.task(TRAIN, HELD_OUT, 30, TargetMetric.accuracyAtLeast(0.5), 1_000);
        TrainingState start = clientModel(seeded);
        MlTrainIntents.StoredState stored = intents.storeInitialState(start.encode());
        TrainingTask task = seeded.withInitialState(start.hash(ThreadTeam.single()));
        assertThat(stored.stateHash()).isEqualTo(task.initialState().hex());

        var planned = intents.plan(task.encode(), train, heldOut, stored.blob()).job();
        WorkItem node = new WorkItem("job-1", planned.kind(), Tier.MACRO, planned.traceHash().hex(), planned.traceRef(),
                planned.params(), key -> blobs.get(key).orElseThrow(() -> new WorkFailedException("no blob " + key)));
        assertThat(MlTrainParams.parse(node.params()).initBlob()).isEqualTo(stored.blob());
        assertThat(kind.proverInputs(node.traceRef(), node.params())).contains(stored.blob())
                .doesNotContain(heldOut);
        WorkItem leased = new WorkItem(node.jobId(), node.kind(), node.tier(), node.traceHash(), node.traceRef(),
                node.params(), blobs.only(kind.proverInputs(node.traceRef(), node.params())));

        byte[][] exchange = new byte[2][];
        byte[] proof = new MlTrainKind().prove(leased, ProgressListener.NONE, commitment -> {
            exchange[0] = commitment;
            exchange[1] = kind.challenge(node, commitment);
            return exchange[1];
        });
        Verdict verdict = kind.verify(new WorkItem(node.jobId(), node.kind(), node.tier(), node.traceHash(),
                node.traceRef(), node.params(), node.blobs(), new WorkItem.Exchange(exchange[0], exchange[1])), proof);

        assertThat(verdict.accepted()).as(verdict.detail()).isTrue();
    }

    @Test
    void a_spec_task_is_completed_with_the_stored_states_hash() {
        TrainingTask seeded = MlFixtures.task(TRAIN, HELD_OUT, 12, TargetMetric.accuracyAtLeast(0.5), 1_000);
        TrainingState start = clientModel(seeded);
        String init = intents.storeInitialState(start.encode()).blob();
        MlTrainIntents.Planned planned = intents.plan((trainRoot, heldOutRoot) -> seeded, train, heldOut, init, "spec");
        assertThat(planned.task().initialState()).isEqualTo(start.hash(ThreadTeam.single()));
    }

    @Test
    void every_mismatch_is_refused_naming_init_blob() {
        TrainingTask seeded = MlFixtures.task(TRAIN, HELD_OUT, 12, TargetMetric.accuracyAtLeast(0.5), 1_000);
        TrainingState start = clientModel(seeded);
        TrainingTask task = seeded.withInitialState(start.hash(ThreadTeam.single()));
        String init = intents.storeInitialState(start.encode()).blob();
        String seedState = intents.storeInitialState(TrainingState.initial(seeded).encode()).blob();
        int stored = blobs.size();

        assertInitBlob(() -> intents.plan(task.encode(), train, heldOut, null), "is missing");
        assertInitBlob(() -> intents.plan(seeded.encode(), train, heldOut, init), "starts from its seed");
        assertInitBlob(() -> intents.plan(task.encode(), train, heldOut, seedState), "hashes to");
        assertInitBlob(() -> intents.plan(task.encode(), train, heldOut, train), "initial state");
        assertInitBlob(() -> intents.plan(task.encode(), train, heldOut, "no-such-blob"), "no initial state");
        assertThat(blobs.size()).as("nothing stored for a refused task").isEqualTo(stored);
    }

    private static void assertInitBlob(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(PouwException.class)
                .satisfies(e -> assertThat(((PouwException) e).field()).isEqualTo("init_blob"))
                .hasMessageContaining(message);
    }
}
