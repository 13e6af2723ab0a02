package org.pouw.client;

import java.util.Base64;
import org.pouw.client.ml.MlTask;
import org.pouw.client.ml.MlTaskCreated;
import org.pouw.client.ml.StoredDataset;
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

    /** Posts a training task ({@code PMLT} encoding) over two stored datasets, paying the fee the task names. */
    public MlTaskCreated submit(byte[] task, String trainBlob, String heldOutBlob) {
        return MlTaskCreated.from(connection.post("/v1/ml/tasks", NodeConnection.JSON.createObjectNode()
                .put("task", Base64.getEncoder().encodeToString(task))
                .put("train_blob", trainBlob).put("held_out_blob", heldOutBlob)));
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

    /** A task by its intent id: status, job, and once verified its quality. */
    public MlTask task(String intentId) {
        return MlTask.from(connection.get("/v1/ml/tasks/" + NodeConnection.segment(intentId)));
    }

    /** The trained model as a {@code PMLM} file; a 409 {@link NodeException} until the training is verified. */
    public byte[] model(String intentId) {
        return connection.getBytes("/v1/ml/tasks/" + NodeConnection.segment(intentId) + "/model");
    }
}
