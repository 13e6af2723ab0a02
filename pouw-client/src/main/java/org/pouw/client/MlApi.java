package org.pouw.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.pouw.client.ml.MlSweep;
import org.pouw.client.ml.MlSweepList;
import org.pouw.client.ml.MlTask;
import org.pouw.client.ml.MlTaskCreated;
import org.pouw.client.ml.StoredDataset;
import org.pouw.client.ml.StoredInitialState;
import org.pouw.client.ml.TrainingSpec;

/** Training tasks (docs/ml.md): upload the datasets, post the task, follow it, fetch the verified model. */
public final class MlApi {
    private final NodeConnection connection;

    MlApi(NodeConnection connection) {
        this.connection = connection;
    }

    /** Stores a dataset given in its {@code PMLD} encoding; the answer names the blob a task refers to. */
    public StoredDataset uploadDataset(byte[] encoded) {
        return StoredDataset.from(connection.expectJson(connection.postBytesForResponse("/v1/ml/datasets",
                encoded)));
    }

    /**
     * Stores the start state ({@code PMLS} encoding) of a task that begins from given weights; the answer names the
     * blob the task submission refers to and the state's hash the task names.
     */
    public StoredInitialState uploadInitialState(byte[] encoded) {
        return StoredInitialState.from(connection.expectJson(connection.postBytesForResponse("/v1/ml/initial-states",
                encoded)));
    }

    /** Posts a training task ({@code PMLT} encoding) over two stored datasets, paying the fee the task names. */
    public MlTaskCreated submit(byte[] task, String trainBlob, String heldOutBlob) {
        return submit(task, trainBlob, heldOutBlob, null);
    }

    /** {@link #submit(byte[], String, String)} for a task that starts from the stored state {@code initBlob}. */
    public MlTaskCreated submit(byte[] task, String trainBlob, String heldOutBlob, String initBlob) {
        tools.jackson.databind.node.ObjectNode body = NodeConnection.JSON.createObjectNode()
                .put("task", Base64.getEncoder().encodeToString(task))
                .put("train_blob", trainBlob).put("held_out_blob", heldOutBlob);
        if (initBlob != null) {
            body.put("init_blob", initBlob);
        }
        return MlTaskCreated.from(connection.post("/v1/ml/tasks", body));
    }

    /**
     * Posts a stack task by its settings ({@code spec}); the node reads the two datasets' Merkle roots itself and
     * reserves the spec's fee. A bad setting is a 400 {@link NodeException} naming {@code spec.<field>}.
     */
    public MlTaskCreated submit(TrainingSpec spec, String trainBlob, String heldOutBlob) {
        tools.jackson.databind.node.ObjectNode body = NodeConnection.JSON.createObjectNode();
        body.set("spec", spec.toJson());
        return MlTaskCreated.from(connection.post("/v1/ml/tasks", body.put("train_blob", trainBlob)
                .put("held_out_blob", heldOutBlob)));
    }

    /**
     * Posts a sweep ({@code POST /v1/ml/sweeps}, docs/api.md): a stack task's {@code spec}, the configurations (each a
     * few of its settings changed), the folds, and the uploaded dataset they are cut from; one task per configuration
     * and fold, each fee reserved. A bad request is a 400 {@link NodeException} naming its field.
     */
    public MlSweep submitSweep(TrainingSpec spec, java.util.List<java.util.Map<String, Object>> configurations,
                               int folds, int holdOutEvery, String datasetBlob) {
        return submitSweep(spec, configurations, null, folds, holdOutEvery, datasetBlob, false);
    }

    /**
     * {@link #submitSweep(TrainingSpec, java.util.List, int, int, String)} with either {@code configurations} or a
     * seeded random {@code search} ({@code {"seed", "count", "space"}}, the other null), and {@code finalRetrain}: once
     * every task is verified the node posts one more, the best configuration trained on all the data.
     */
    public MlSweep submitSweep(TrainingSpec spec, java.util.List<java.util.Map<String, Object>> configurations,
                               java.util.Map<String, Object> search, int folds, int holdOutEvery, String datasetBlob,
                               boolean finalRetrain) {
        tools.jackson.databind.node.ObjectNode body = NodeConnection.JSON.createObjectNode();
        body.set("spec", spec.toJson());
        if (configurations != null) {
            tools.jackson.databind.node.ArrayNode list = body.putArray("configurations");
            for (java.util.Map<String, Object> configuration : configurations) {
                list.add(NodeConnection.JSON.valueToTree(configuration));
            }
        }
        if (search != null) {
            body.set("search", NodeConnection.JSON.valueToTree(search));
        }
        body.put("folds", folds);
        if (folds == 1) {
            body.put("hold_out_every", holdOutEvery);
        }
        body.put("dataset_blob", datasetBlob);
        if (finalRetrain) {
            body.put("final_retrain", true);
        }
        return MlSweep.from(connection.post("/v1/ml/sweeps", body));
    }

    /**
     * Cancels the sweep's tasks nobody has claimed, refunding their fees ({@code POST /v1/ml/sweeps/{id}/cancel});
     * claimed ones finish and are paid. A 409 {@link NodeException} when nothing is left to cancel.
     */
    public MlSweep cancelSweep(String sweepId) {
        return MlSweep.from(connection.post("/v1/ml/sweeps/" + NodeConnection.segment(sweepId) + "/cancel",
                NodeConnection.JSON.createObjectNode()));
    }

    /**
     * Asks for the final retrain of a sweep posted without one ({@code POST /v1/ml/sweeps/{id}/final}), while it runs
     * or after it ended: the node posts it once every task is verified, its fee reserved then. A 409
     * {@link NodeException} when one was asked for already or the sweep has no best configuration (it ended cancelled
     * or with tasks unverified); 402 when the balance does not cover its fee.
     */
    public MlSweep askSweepFinal(String sweepId) {
        return MlSweep.from(connection.post("/v1/ml/sweeps/" + NodeConnection.segment(sweepId) + "/final",
                NodeConnection.JSON.createObjectNode()));
    }

    /**
     * A page of the caller's own sweeps, newest first ({@code GET /v1/ml/sweeps}); {@code cursor} is the previous
     * page's {@link MlSweepList#nextCursor}, null for the first.
     */
    public MlSweepList mySweeps(int limit, String cursor) {
        return MlSweepList.from(connection.getSignedIn("/v1/ml/sweeps?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
    }

    /** A sweep by its id: its tasks' progress and the report so far. */
    public MlSweep sweep(String sweepId) {
        return MlSweep.from(connection.getSignedIn("/v1/ml/sweeps/" + NodeConnection.segment(sweepId)));
    }

    /** A task by its intent id: status, job, and once verified its quality. */
    public MlTask task(String intentId) {
        return MlTask.from(connection.get("/v1/ml/tasks/" + NodeConnection.segment(intentId)));
    }

    /** The trained model as a {@code PMLM} file; a 409 {@link NodeException} until the training is verified. */
    public byte[] model(String intentId) {
        return connection.getBytes("/v1/ml/tasks/" + NodeConnection.segment(intentId) + "/model");
    }
}
