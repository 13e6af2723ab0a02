package org.pouw.cli.ml;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlTaskCreated;
import org.pouw.client.ml.StoredDataset;
import org.pouw.client.ml.StoredInitialState;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pouw ml task submit}: builds the task from the same options as {@code pouw ml task new}, sends the
 * training and held-out records to the node (the task names them by Merkle root, so the node checks it got
 * exactly those), and posts the task with its fee. {@code --wait} follows it until the training is verified;
 * {@code --model} then saves the trained model. {@code --init M.onnx} starts the task from that model's weights; the
 * model is checked against the task's architecture before anything is sent.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Send a training task and its data to a node, paying its fee; optionally wait for the verified model.")
final class TaskSubmitCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--fee", paramLabel = "UNITS", required = true, description = "what you pay, in base units")
    long fee;

    @Option(names = "--wait", description = "follow the task until its training is verified (or fails)")
    boolean await;

    @Option(names = "--model", paramLabel = "FILE", description = "with --wait: where to save the trained model")
    Path model;

    @Option(names = "--init", paramLabel = "M.onnx", description = "start from this ONNX model's weights (fine-tuning);"
            + " it must be exactly the task's architecture, tensor by tensor")
    Path init;

    @Override
    public Integer call() throws InterruptedException {
        DataSource source = data.source();
        TargetMetric target = targetOptions.target();
        BadOption.require(fee >= 0, "--fee", ">= 0", fee);
        if (model != null) {
            BadOption.require(await, "--model", "used with --wait", model);
            OutputFile.checkWritable(model, "--model");
        }
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, training.classes(source));
        TrainingTask task = training.task(loaded, target, fee);
        // Checked before anything is sent: a model that does not fit posts nothing.
        byte[] start = init == null ? null : InitialWeightsFile.startState(init, task);
        if (start != null) {
            task = task.withInitialState(InitialWeightsFile.hash(start));
        }
        try (PouwClient node = client.client()) {
            client.printer().line(String.format(Locale.ROOT, "task %s: %s, %,d steps, %s, fee %,d", task.id().hex(),
                    TrainingOptions.describe(task), task.steps(), TargetOptions.describe(target), fee));
            StoredDataset train = upload(node, "training set", DatasetCodec.encode(loaded.train()));
            StoredDataset heldOut = upload(node, "held-out set", DatasetCodec.encode(loaded.heldOut()));
            String initBlob = null;
            if (start != null) {
                StoredInitialState stored = node.ml().uploadInitialState(start);
                client.printer().line(String.format(Locale.ROOT, "sent the start state of %s: %,d bytes, hash %s", init,
                        stored.bytes(), stored.stateHash()));
                initBlob = stored.blob();
            }
            MlTaskCreated created = node.ml().submit(task.encode(), train.blob(), heldOut.blob(), initBlob);
            String id = created.intentId();
            client.printer().print(created.json(), String.format(Locale.ROOT,
                    "submitted as %s (%s); job %s, %d steps audited; follow it with: pouw ml task status %s",
                    id, created.status(), created.jobId(), created.params().path("audits").asInt(), id));
            if (!await) {
                return ExitCodes.OK;
            }
            return TaskFollower.follow(node, client.printer(), id, model);
        }
    }

    private StoredDataset upload(PouwClient node, String what, byte[] encoded) {
        StoredDataset stored = node.ml().uploadDataset(encoded);
        client.printer().line(String.format(Locale.ROOT, "sent %s: %,d records, %,d bytes, root %s", what,
                stored.records(), stored.bytes(), stored.root()));
        return stored;
    }
}
