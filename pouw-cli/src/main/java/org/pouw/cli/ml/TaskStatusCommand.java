package org.pouw.cli.ml;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.worker.NodeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code pouw ml task status ID}: where a training task is, its verified quality, and its model on request. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a training task: its job, the verified quality, and (with --model) save the trained model.")
final class TaskStatusCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "TASK", description = "the id 'pouw ml task submit' printed (the task's intent id)")
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
        try (NodeClient node = model == null ? client.anonymousClient() : client.client()) {
            if (await || model != null) {
                JsonNode task = node.getJson("/v1/ml/tasks/" + id);
                if (!await && !task.path("status").asString().equals("proven")) {
                    throw new BadOption("--model", "task " + id + " is " + task.path("status").asString()
                            + "; its model exists once the training is verified (add --wait to wait for it)");
                }
                return TaskFollower.follow(node, client.printer(), id, model);
            }
            JsonNode task = node.getJson("/v1/ml/tasks/" + id);
            JsonNode job = task.path("job");
            StringBuilder human = new StringBuilder(String.format(Locale.ROOT,
                    "task %s  %s%nintent %s  fee %,d  %,d steps%njob %s  %s",
                    task.path("task_id").asString(), task.path("status").asString(), id, task.path("fee").asLong(),
                    task.path("steps").asLong(), job.path("job_id").asString(), TaskFollower.describe(job)));
            JsonNode quality = task.path("quality");
            if (quality.isObject()) {
                human.append(String.format(Locale.ROOT,
                        "%nquality  accuracy %.2f %%  loss %.4f  (%d held-out records; target %s %s: %s)",
                        100 * quality.path("accuracy").asDouble(), quality.path("loss").asDouble(),
                        quality.path("samples").asLong(), quality.path("target").asString(),
                        quality.path("threshold").asDouble(), quality.path("target_met").asBoolean() ? "met" : "missed"));
                human.append(String.format(Locale.ROOT, "%ntrained by %s; %d of %d steps audited",
                        task.path("trained_by").asString(), quality.path("audited_steps").asInt(),
                        quality.path("steps").asLong()));
            }
            client.printer().print(task, human.toString());
            return ExitCodes.OK;
        }
    }
}
