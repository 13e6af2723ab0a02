package org.pouw.cli.ml;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Terminal;
import org.pouw.crypto.Blake3;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.wire.Bytes32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw ml train}: trains a model on this machine, exactly as the {@code ml-train} work kind defines the
 * task's training (same seed, same data, same bits), scores it on the held-out records and writes the model file.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model locally (deterministic: the same options give the same weights).",
        footer = "%nProgress: a bar on a terminal, about ten lines otherwise, JSON lines with --json. Its accuracy is "
                + "measured on the first " + ProbeAccuracy.PROBE_RECORDS + " held-out records; the final figure on all of them.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "threads (the result is the same for any count; default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the model file")
    Path out;

    @Option(names = "--json", description = "print JSON lines (progress events, then the result)")
    boolean json;

    @Override
    public Integer call() {
        PrintStream stdout = System.out;
        DataSource source = data.source();
        int classes = training.classes(source);
        BadOption.require(threads >= 1 && threads <= 256, "--threads", "in [1, 256]", threads);
        OutputFile.checkWritable(out, "--out");
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, classes);
        // A local run has no client asking for a quality and nobody to pay; the target and fee matter for `task new`.
        TrainingTask task = training.task(loaded, TargetMetric.accuracyAtLeast(0), 0);
        printStart(stdout, task, loaded);

        try (ThreadTeam team = ThreadTeam.of(threads)) {
            ProgressView view = !json && Terminal.isInteractive()
                    ? new TerminalProgressBar(stdout, Terminal.columns())
                    : new TrainingProgressLines(stdout, json, task.steps());
            TrainingRun.Result result = new TrainingRun(task, loaded.train(), loaded.heldOut(), team, System::nanoTime).run(view);
            Evaluation quality = Evaluator.evaluate(result.state().network(), loaded.heldOut(),
                    task.hyperparameters().loss(), team);
            byte[] model = ModelFile.encode(task.architecture(), result.state().network());
            OutputFile.write(out, model, "--out");
            printResult(stdout, task, result, quality, model, result.state().hash(team));
        }
        return ExitCodes.OK;
    }

    private void printStart(PrintStream stdout, TrainingTask task, DatasetLoader.Loaded loaded) {
        if (json) {
            stdout.println(MlJson.write(MlJson.object().put("event", "start").put("task", task.id().hex())
                    .put("architecture", ArchitectureSpec.format(task.architecture()))
                    .put("parameters", task.architecture().parameterCount())
                    .put("train_records", loaded.train().size()).put("held_out_records", loaded.heldOut().size())
                    .put("steps", task.steps()).put("threads", threads)));
            return;
        }
        stdout.printf(Locale.ROOT, "training %s (%,d parameters)%n", TrainingOptions.describe(task),
                task.architecture().parameterCount());
        stdout.printf(Locale.ROOT, "data     %,d training records (%s), %,d held out (%s)%n", loaded.train().size(),
                loaded.trainSource(), loaded.heldOut().size(), loaded.heldOutSource());
    }

    private void printResult(PrintStream stdout, TrainingTask task, TrainingRun.Result result, Evaluation quality,
                             byte[] model, Bytes32 stateHash) {
        String modelHash = Bytes32.of(Blake3.hash(model)).hex();
        if (json) {
            ObjectNode line = MlJson.object().put("event", "result").put("task", task.id().hex())
                    .put("steps", task.steps()).put("train_ms", Math.round(result.seconds() * 1000))
                    .put("held_out_records", quality.samples()).put("accuracy", quality.accuracy())
                    .put("loss", quality.meanLoss()).put("model", out.toString()).put("model_bytes", model.length)
                    .put("model_hash", modelHash).put("state_hash", stateHash.hex());
            stdout.println(MlJson.write(line));
            return;
        }
        stdout.printf(Locale.ROOT, "trained  %,d steps in %.1f s (%s steps/s)%n", task.steps(), result.seconds(),
                ProgressFormat.rate(task.steps() / Math.max(1e-9, result.seconds())));
        stdout.printf(Locale.ROOT, "held out accuracy %.2f%% (%,d of %,d), loss %.4f%n", quality.accuracy() * 100,
                quality.correct(), quality.samples(), quality.meanLoss());
        stdout.printf(Locale.ROOT, "model    %s (%,d bytes), BLAKE3 %s%n", out, model.length, modelHash);
        stdout.printf(Locale.ROOT, "state    %s (weights + optimiser state)%n", stateHash.hex());
        stdout.printf(Locale.ROOT, "task     %s%n", task.id().hex());
    }
}
