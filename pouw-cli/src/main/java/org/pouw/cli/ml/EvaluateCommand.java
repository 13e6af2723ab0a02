package org.pouw.cli.ml;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw ml evaluate}: scores a model file on data — by default the same held-out records {@code pouw ml
 * train} scored it on, so the accuracy it printed can be checked.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score a model file: accuracy, loss, per-class precision/recall, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "a model file written by pouw ml train")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--split", paramLabel = "held-out|train", defaultValue = "held-out",
            description = "which records to score (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--loss", paramLabel = "cross-entropy|mse", defaultValue = "cross-entropy",
            description = "the loss to report (default ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "(default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        DataSource source = data.source();
        boolean heldOut = switch (split.strip().toLowerCase(Locale.ROOT)) {
            case "held-out", "heldout", "test" -> true;
            case "train" -> false;
            default -> throw new BadOption("--split", "must be held-out or train, got '" + split + "'");
        };
        Loss scoring = switch (loss.strip().toLowerCase(Locale.ROOT)) {
            case "cross-entropy", "ce" -> Loss.SOFTMAX_CROSS_ENTROPY;
            case "mse" -> Loss.MEAN_SQUARED_ERROR;
            default -> throw new BadOption("--loss", "must be cross-entropy or mse, got '" + loss + "'");
        };
        BadOption.require(threads >= 1 && threads <= 256, "--threads", "in [1, 256]", threads);
        ModelInput input = ModelInput.read(model);
        Architecture architecture = input.model().architecture();
        if (source.classes() != null && source.classes() != architecture.classes()) {
            throw new BadOption("--classes", "the model has " + architecture.classes() + " classes, got " + source.classes());
        }
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, architecture.classes());
        Dataset records = heldOut ? loaded.heldOut() : loaded.train();
        if (records.featureCount() != architecture.inputSize()) {
            throw new BadOption("--data", "records have " + records.featureCount() + " features, the model takes "
                    + architecture.inputSize());
        }
        Evaluation evaluation;
        try (ThreadTeam team = ThreadTeam.of(threads)) {
            evaluation = Evaluator.evaluate(input.model().network(), records, scoring, team);
        }
        print(input, records, heldOut ? loaded.heldOutSource() : loaded.trainSource(), heldOut, evaluation);
        return ExitCodes.OK;
    }

    private void print(ModelInput input, Dataset records, String recordSource, boolean heldOut, Evaluation evaluation) {
        Architecture architecture = input.model().architecture();
        if (json) {
            ObjectNode node = EvaluationReport.json(evaluation).put("model", model.toString())
                    .put("model_hash", input.hash().hex()).put("architecture", ArchitectureSpec.format(architecture))
                    .put("split", heldOut ? "held-out" : "train");
            System.out.println(MlJson.write(node));
            return;
        }
        System.out.printf(Locale.ROOT, "model    %s: %s (%,d parameters), BLAKE3 %s%n", model,
                ArchitectureSpec.describe(architecture), architecture.parameterCount(), input.hash().hex());
        System.out.printf(Locale.ROOT, "data     %,d %s records (%s)%n", records.size(), heldOut ? "held-out" : "training",
                recordSource);
        System.out.println(EvaluationReport.text(evaluation));
    }
}
