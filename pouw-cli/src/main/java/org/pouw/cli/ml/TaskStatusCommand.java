package org.pouw.cli.ml;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlTask;
import org.pouw.client.ml.TrainingQuality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pouw ml task status ID}: where a training task is, its verified quality, and its model on request. ID is
 * either name {@code ml task submit} printed (issue 25 §2.4): the node resolves a task id to its one intent, and
 * refuses one that names several (the same task blob posted twice), listing their intent ids.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a training task: its job, the verified quality, and (with --model) save the trained model.")
final class TaskStatusCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "TASK", description = "either id 'pouw ml task submit' printed: the task's intent id, or"
            + " its task id (the task blob's hash) while it names one intent; a task id posted more than once is"
            + " refused, naming its intent ids")
    String id;

    @Option(names = "--model", paramLabel = "FILE", description = "save the trained model here (once verified)")
    Path model;

    @Option(names = "--wait", description = "follow the task until its training is verified (or fails)")
    boolean await;

    @Override
    public Integer call() throws InterruptedException {
        if (model != null) {
            OutputFile.checkWritable(model, "--model");
        }
        try (PouwClient node = model == null ? client.anonymousClient() : client.client()) {
            if (await || model != null) {
                MlTask task = node.ml().task(id);
                if (!await && !task.status().equals("proven")) {
                    throw new BadOption("--model", "task " + id + " is " + task.status()
                            + "; its model exists once the training is verified (add --wait to wait for it)");
                }
                // Followed by its intent id, the one name that cannot come to mean two tasks meanwhile.
                return TaskFollower.follow(node, client.printer(), task.intentId(), model);
            }
            MlTask task = node.ml().task(id);
            StringBuilder human = new StringBuilder(String.format(Locale.ROOT,
                    "task %s  %s%nintent %s  fee %,d  %,d steps%njob %s  %s", task.taskId(), task.status(), task.intentId(),
                    task.fee(), task.steps(), task.job().jobId(), TaskFollower.describe(task.job())));
            TrainingQuality quality = task.quality();
            if (quality != null) {
                human.append(String.format(Locale.ROOT,
                        "%nquality  accuracy %.2f %%  loss %.4f  (%d held-out records; target %s %s: %s)",
                        100 * quality.accuracy(), quality.loss(), quality.samples(), quality.target(),
                        quality.threshold(), quality.targetMet() ? "met" : "missed"));
                human.append(String.format(Locale.ROOT, "%ntrained by %s; %d of %d steps audited",
                        task.trainedBy(), quality.auditedSteps(), quality.steps()));
            }
            client.printer().print(task.json(), human.toString());
            return ExitCodes.OK;
        }
    }
}
