package org.pouw.cli.ml;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pouw ml task new}: writes the canonical encoding of a {@link TrainingTask} — architecture,
 * hyperparameters, the Merkle roots of the training and held-out records, seed, steps, target and fee — and
 * prints its id. The task commits to the data by its roots, so the records are read here to compute them;
 * sending the task to a node is {@code pouw ml task submit}'s job.
 */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Write a training task file (committing to the data by its Merkle roots) and print its id.")
final class TaskNewCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--fee", paramLabel = "UNITS", required = true, description = "what the client pays, in base units")
    long fee;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the task")
    Path out;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        DataSource source = data.source();
        TargetMetric target = targetOptions.target();
        BadOption.require(fee >= 0, "--fee", ">= 0", fee);
        int classes = training.classes(source);
        OutputFile.checkWritable(out, "--out");
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, classes);
        TrainingTask task = training.task(loaded, target, fee);
        byte[] encoded = task.encode();
        OutputFile.write(out, encoded, "--out");
        if (json) {
            System.out.println(MlJson.write(MlJson.object().put("id", task.id().hex()).put("file", out.toString())
                    .put("bytes", encoded.length).put("architecture", ArchitectureSpec.format(task.architecture()))
                    .put("dataset_root", task.datasetRoot().hex()).put("held_out_root", task.heldOutRoot().hex())
                    .put("train_records", loaded.train().size()).put("held_out_records", loaded.heldOut().size())
                    .put("steps", task.steps()).put("seed", task.seed())
                    .put("target", target.metric().name().toLowerCase(Locale.ROOT)).put("threshold", target.threshold())
                    .put("fee", fee)));
            return ExitCodes.OK;
        }
        System.out.println(task.id().hex());
        System.out.printf(Locale.ROOT, "(written to %s: %s, %,d steps, %s, fee %,d)%n", out,
                TrainingOptions.describe(task), task.steps(), TargetOptions.describe(target), fee);
        System.out.printf(Locale.ROOT, "data     %,d training records, root %s%n", loaded.train().size(), task.datasetRoot().hex());
        System.out.printf(Locale.ROOT, "held out %,d records, root %s%n", loaded.heldOut().size(), task.heldOutRoot().hex());
        return ExitCodes.OK;
    }
}
