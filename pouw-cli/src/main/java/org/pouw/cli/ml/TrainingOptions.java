package org.pouw.cli.ml;

import java.util.List;
import java.util.Locale;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import picocli.CommandLine.Option;

/**
 * What to train and how, shared by {@code pouw ml train} and {@code pouw ml task new}: the options fill a
 * {@link TrainingTask} — the same record a node would be paid to train — and every check names its option.
 * Defaults are the MNIST benchmark (784-128-64-10 ReLU, SGD momentum 0.9, lr 0.05, batch 64).
 */
public final class TrainingOptions {
    static final List<Integer> DEFAULT_HIDDEN = List.of(128, 64);
    static final float DEFAULT_SGD_LR = 0.05f;
    static final float DEFAULT_ADAM_LR = 0.001f;

    @Option(names = "--arch", paramLabel = "SPEC",
            description = "mlp:IN-H1-…-CLASSES, cnn:HxWxC-FcK-pP[-HIDDEN]-CLASSES, or a stack: resnet8, resnet20, "
                    + "char-transformer, resnet:HxWxC-N-W-CLASSES, transformer:CONTEXT-VOCAB-D-HEADS-BLOCKS, "
                    + "stack:HxWxC:LAYER,… (default mlp:<features>-128-64-<classes>)")
    String arch;

    @Option(names = "--activation", paramLabel = "relu|tanh|sigmoid", defaultValue = "relu",
            description = "hidden-layer activation (default ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0", description = "MLP dropout rate in [0, 0.9] (default ${DEFAULT-VALUE})")
    float dropout;

    @Option(names = "--loss", paramLabel = "cross-entropy|mse", defaultValue = "cross-entropy",
            description = "training loss (default ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw", defaultValue = "sgd", description = "(default ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--weight-decay", paramLabel = "L", defaultValue = "0",
            description = "sgd: L2 added to the gradient; adamw: decoupled decay (default ${DEFAULT-VALUE})")
    float weightDecay;

    @Option(names = "--warmup", paramLabel = "STEPS", defaultValue = "0",
            description = "linear learning-rate warm-up over the first STEPS steps (default ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--cosine-floor", paramLabel = "F",
            description = "cosine decay of the learning rate to F × the rate at the last step (default: no decay)")
    Float cosineFloor;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "0",
            description = "clip the gradient's global L2 norm to NORM; 0 = off (default ${DEFAULT-VALUE})")
    float clip;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default 0.05 for sgd, 0.001 for adam)")
    Float learningRate;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9", description = "SGD momentum (default ${DEFAULT-VALUE})")
    float momentum;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set (default 1)")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "training steps, instead of --epochs")
    Long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "initial weights, every mini-batch and dropout mask derive from it (default ${DEFAULT-VALUE})")
    long seed;

    /** The architecture {@code --arch} names, or null when the default is to be shaped by the data. */
    Architecture parsedArchitecture() {
        return arch == null ? null : ArchitectureSpec.parse(arch, parseActivation(), dropoutRate());
    }

    /** The class count to read the data with: {@code --classes}, else the architecture's, else 10. */
    public int classes(DataSource source) {
        Architecture parsed = parsedArchitecture();
        if (parsed != null && source.classes() != null && parsed.classes() != source.classes()) {
            throw new BadOption(ArchitectureSpec.OPTION, "'" + arch + "' has " + parsed.classes()
                    + " classes but --classes is " + source.classes());
        }
        return source.classes() != null ? source.classes() : parsed != null ? parsed.classes() : 10;
    }

    public TrainingTask task(DatasetLoader.Loaded data, TargetMetric target, long fee) {
        Dataset train = data.train();
        Architecture architecture = architectureFor(train);
        BadOption.require(batch >= 1 && batch <= train.size(), "--batch",
                "in [1, " + train.size() + "] (the training records)", batch);
        Hyperparameters hyperparameters = hyperparameters();
        if (architecture instanceof StackArchitecture stack) {
            try {
                stack.requireBatchFits(batch);
            } catch (InvalidSpecException e) {
                throw new BadOption("--batch", e.getMessage());
            }
        }
        return new TrainingTask(architecture, hyperparameters, train.root(), data.heldOut().root(), seed,
                stepCount(train.size()), target, fee);
    }

    private Architecture architectureFor(Dataset train) {
        if (arch == null) {
            try {
                return new MlpArchitecture(train.featureCount(), DEFAULT_HIDDEN, parseActivation(), dropoutRate(), train.classes());
            } catch (InvalidSpecException e) {
                throw new BadOption(ArchitectureSpec.OPTION, "the default mlp:" + train.featureCount() + "-128-64-"
                        + train.classes() + " does not fit: " + e.getMessage());
            }
        }
        Architecture parsed = parsedArchitecture();
        if (parsed.inputSize() != train.featureCount()) {
            throw new BadOption(ArchitectureSpec.OPTION, "'" + arch + "' takes " + parsed.inputSize()
                    + " inputs but the data has " + train.featureCount() + " features per record");
        }
        if (parsed.classes() != train.classes()) {
            throw new BadOption(ArchitectureSpec.OPTION, "'" + arch + "' has " + parsed.classes()
                    + " classes but the data was read with " + train.classes() + " (see --classes)");
        }
        return parsed;
    }

    private Hyperparameters hyperparameters() {
        OptimizerSpec parsed = parseOptimizer();
        BadOption.require(warmup >= 0, "--warmup", ">= 0", warmup);
        LearningRateSchedule schedule;
        try {
            schedule = cosineFloor != null ? LearningRateSchedule.cosine(warmup, cosineFloor)
                    : new LearningRateSchedule(warmup, LearningRateSchedule.Decay.NONE, 0f);
        } catch (InvalidSpecException e) {
            throw new BadOption(cosineFloor != null ? "--cosine-floor" : "--warmup", e.getMessage());
        }
        try {
            return new Hyperparameters(parseLoss(), parsed, batch, schedule, clip);
        } catch (InvalidSpecException e) {
            throw new BadOption("--clip", e.getMessage());
        }
    }

    private long stepCount(int trainRecords) {
        if (epochs != null && steps != null) {
            throw new BadOption("--epochs", "give --epochs or --steps, not both");
        }
        if (steps != null) {
            BadOption.require(steps >= 1 && steps <= TrainingTask.MAX_STEPS, "--steps", "in [1, 2^31]", steps);
            return steps;
        }
        int passes = epochs == null ? 1 : epochs;
        long perEpoch = trainRecords / batch;
        BadOption.require(passes >= 1 && passes * perEpoch <= TrainingTask.MAX_STEPS, "--epochs",
                "in [1, " + TrainingTask.MAX_STEPS / perEpoch + "]", passes);
        return passes * perEpoch;
    }

    private float dropoutRate() {
        BadOption.require(dropout >= 0f && dropout <= 0.9f, "--dropout", "in [0, 0.9]", dropout);
        return dropout;
    }

    private Activation parseActivation() {
        try {
            return Activation.valueOf(activation.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadOption("--activation", "must be relu, tanh or sigmoid, got '" + activation + "'");
        }
    }

    private Loss parseLoss() {
        return switch (loss.strip().toLowerCase(Locale.ROOT)) {
            case "cross-entropy", "ce", "softmax-cross-entropy" -> Loss.SOFTMAX_CROSS_ENTROPY;
            case "mse" -> Loss.MEAN_SQUARED_ERROR;
            default -> throw new BadOption("--loss", "must be cross-entropy or mse, got '" + loss + "'");
        };
    }

    private OptimizerSpec parseOptimizer() {
        String name = optimizer.strip().toLowerCase(Locale.ROOT);
        float rate = learningRate != null ? learningRate : name.startsWith("adam") ? DEFAULT_ADAM_LR : DEFAULT_SGD_LR;
        BadOption.require(rate > 0f && rate <= 10f, "--lr", "in (0, 10]", rate);
        BadOption.require(weightDecay >= 0f && weightDecay <= 1f, "--weight-decay", "in [0, 1]", weightDecay);
        return switch (name) {
            case "sgd" -> {
                BadOption.require(momentum >= 0f && momentum < 1f, "--momentum", "in [0, 1)", momentum);
                yield new SgdMomentum(rate, momentum, weightDecay);
            }
            case "adam" -> {
                BadOption.require(weightDecay == 0f, "--weight-decay", "0 for adam (use --optimizer adamw)", weightDecay);
                yield Adam.withLearningRate(rate);
            }
            case "adamw" -> {
                BadOption.require(weightDecay > 0f, "--weight-decay", "> 0 for adamw", weightDecay);
                yield Adam.decoupled(rate, weightDecay);
            }
            default -> throw new BadOption("--optimizer", "must be sgd, adam or adamw, got '" + optimizer + "'");
        };
    }

    /** One line for people: optimiser and its settings, batch, seed. */
    public static String describe(TrainingTask task) {
        Hyperparameters h = task.hyperparameters();
        String opt = switch (h.optimizer()) {
            case SgdMomentum sgd -> String.format(Locale.ROOT, "sgd lr %s momentum %s", sgd.learningRate(), sgd.momentum())
                    + (sgd.weightDecay() > 0f ? " l2 " + sgd.weightDecay() : "");
            case Adam adam -> adam.weightDecay() > 0f
                    ? String.format(Locale.ROOT, "adamw lr %s decay %s", adam.learningRate(), adam.weightDecay())
                    : String.format(Locale.ROOT, "adam lr %s", adam.learningRate());
        };
        return String.format(Locale.ROOT, "%s, %s, %s, batch %d, seed %d", ArchitectureSpec.describe(task.architecture()),
                h.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? "cross-entropy" : "mse", opt, h.batchSize(), task.seed());
    }
}
