package org.pouw.node.http;

import java.util.List;
import java.util.Map;
import org.pouw.core.PouwException;
import org.pouw.kinds.mltrain.MlTrainIntents;
import org.pouw.ml.MlException;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.model.StackText;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import tools.jackson.databind.JsonNode;

/**
 * A stack task given as JSON ({@code POST /v1/ml/tasks} with {@code "spec"} instead of an encoded {@code "task"}):
 * the architecture in {@link StackText}'s text form and the training settings by name. Everything but the datasets'
 * Merkle roots is checked here, each error naming its field as {@code spec.<name>}; the node then reads the roots from
 * the stored datasets and completes the task ({@link MlTrainIntents.TaskBuilder}).
 */
final class MlTaskSpec {
    static final List<String> FIELDS = List.of("architecture", "loss", "optimizer", "learning_rate", "momentum",
            "weight_decay", "batch", "warmup_steps", "cosine_floor", "clip", "seed", "steps", "target_accuracy",
            "target_loss", "fee");

    private MlTaskSpec() {
    }

    static MlTrainIntents.TaskBuilder parse(JsonNode spec) {
        if (!spec.isObject()) {
            throw PouwException.invalid("spec", "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : spec.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw PouwException.invalid("spec." + field.getKey(), "unknown field (expected one of "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        StackArchitecture architecture = checked("architecture", () -> StackText.parse(text(spec, "architecture")));
        Loss loss = switch (text(spec, "loss", "cross-entropy")) {
            case "cross-entropy" -> Loss.SOFTMAX_CROSS_ENTROPY;
            case "mse" -> Loss.MEAN_SQUARED_ERROR;
            default -> throw PouwException.invalid("spec.loss", "must be cross-entropy or mse");
        };
        OptimizerSpec optimizer = optimizer(spec);
        int batch = (int) integer(spec, "batch", 1, Hyperparameters.MAX_BATCH);
        checked("batch", () -> {
            architecture.requireBatchFits(batch);
            return null;
        });
        long warmup = integer(spec, "warmup_steps", 0, 0, TrainingTask.MAX_STEPS);
        LearningRateSchedule schedule = checked("cosine_floor", () -> spec.has("cosine_floor")
                ? LearningRateSchedule.cosine(warmup, real(spec, "cosine_floor"))
                : new LearningRateSchedule(warmup, LearningRateSchedule.Decay.NONE, 0f));
        float clip = spec.has("clip") ? real(spec, "clip") : 0f;
        Hyperparameters hyperparameters = checked("clip", () -> new Hyperparameters(loss, optimizer, batch, schedule, clip));
        long seed = integer(spec, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        long steps = integer(spec, "steps", 1, TrainingTask.MAX_STEPS);
        TargetMetric target = target(spec);
        long fee = integer(spec, "fee", 0, Long.MAX_VALUE);
        return (trainRoot, heldOutRoot) -> new TrainingTask(architecture, hyperparameters, trainRoot, heldOutRoot, seed,
                steps, target, fee);
    }

    private static OptimizerSpec optimizer(JsonNode spec) {
        String name = text(spec, "optimizer");
        float rate = real(spec, "learning_rate");
        float decay = spec.has("weight_decay") ? real(spec, "weight_decay") : 0f;
        return checked("optimizer", () -> switch (name) {
            case "sgd" -> new SgdMomentum(rate, spec.has("momentum") ? real(spec, "momentum") : 0.9f, decay);
            case "adam" -> {
                if (decay != 0f) {
                    throw PouwException.invalid("spec.weight_decay", "adam takes none; use adamw for decoupled decay");
                }
                yield Adam.withLearningRate(rate);
            }
            case "adamw" -> Adam.decoupled(rate, decay);
            default -> throw PouwException.invalid("spec.optimizer", "must be sgd, adam or adamw, got '" + name + "'");
        });
    }

    private static TargetMetric target(JsonNode spec) {
        boolean accuracy = spec.has("target_accuracy");
        if (accuracy == spec.has("target_loss")) {
            throw PouwException.invalid("spec.target_accuracy", "give exactly one of target_accuracy and target_loss");
        }
        String field = accuracy ? "target_accuracy" : "target_loss";
        double threshold = number(spec, field).doubleValue();
        return checked(field, () -> accuracy ? TargetMetric.accuracyAtLeast(threshold) : TargetMetric.lossAtMost(threshold));
    }

    /** Runs a pouw-ml constructor, turning its refusal into a 400 naming {@code spec.<field>}. */
    private static <T> T checked(String field, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (MlException e) {
            throw PouwException.invalid("spec." + field, e.getMessage());
        }
    }

    private static String text(JsonNode spec, String field) {
        JsonNode node = spec.get(field);
        if (node == null || node.isNull()) {
            throw PouwException.invalid("spec." + field, "is required");
        }
        if (!node.isString()) {
            throw PouwException.invalid("spec." + field, "must be a string");
        }
        return node.stringValue();
    }

    private static String text(JsonNode spec, String field, String fallback) {
        return spec.has(field) ? text(spec, field) : fallback;
    }

    private static JsonNode number(JsonNode spec, String field) {
        JsonNode node = spec.get(field);
        if (node == null || node.isNull()) {
            throw PouwException.invalid("spec." + field, "is required");
        }
        if (!node.isNumber()) {
            throw PouwException.invalid("spec." + field, "must be a number");
        }
        return node;
    }

    /** A finite number that is exactly what it says once rounded to float (the task stores f32). */
    private static float real(JsonNode spec, String field) {
        double value = number(spec, field).doubleValue();
        if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
            throw PouwException.invalid("spec." + field, "must be a finite 32-bit float, got " + value);
        }
        return (float) value;
    }

    private static long integer(JsonNode spec, String field, long min, long max) {
        JsonNode node = number(spec, field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw PouwException.invalid("spec." + field, "must be a whole number");
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw PouwException.invalid("spec." + field, "must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    private static long integer(JsonNode spec, String field, long fallback, long min, long max) {
        return spec.has(field) ? integer(spec, field, min, max) : fallback;
    }
}
