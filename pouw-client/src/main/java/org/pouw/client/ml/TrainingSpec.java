package org.pouw.client.ml;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stack training task named by its settings, the {@code spec} of {@code POST /v1/ml/tasks} (docs/api.md): the
 * architecture in the text form of docs/ml.md (a preset such as {@code resnet8} or {@code char-transformer}, or
 * every layer), then the settings by name. Settings left unset take the node's defaults; the node checks every
 * one and answers a 400 naming {@code spec.<field>}.
 */
public final class TrainingSpec {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectNode json = JSON.createObjectNode();

    private TrainingSpec(String architecture) {
        json.put("architecture", architecture);
    }

    /** A spec for {@code architecture}, e.g. {@code "resnet8"} or {@code "stack:28x28x1:conv8k3,relu,gap,dense10"}. */
    public static TrainingSpec of(String architecture) {
        return new TrainingSpec(architecture);
    }

    /** {@code cross-entropy} (the default) or {@code mse}. */
    public TrainingSpec loss(String loss) {
        json.put("loss", loss);
        return this;
    }

    /** {@code sgd}, {@code adam} or {@code adamw}, with its learning rate. */
    public TrainingSpec optimizer(String optimizer, double learningRate) {
        json.put("optimizer", optimizer).put("learning_rate", learningRate);
        return this;
    }

    /** SGD's momentum (default 0.9). */
    public TrainingSpec momentum(double momentum) {
        json.put("momentum", momentum);
        return this;
    }

    /** SGD's L2 penalty or AdamW's decoupled decay. */
    public TrainingSpec weightDecay(double decay) {
        json.put("weight_decay", decay);
        return this;
    }

    public TrainingSpec batch(int batch) {
        json.put("batch", batch);
        return this;
    }

    /** Linear warm-up over {@code steps} steps, then cosine decay to {@code floor} × the learning rate. */
    public TrainingSpec warmupAndCosine(long steps, double floor) {
        json.put("warmup_steps", steps).put("cosine_floor", floor);
        return this;
    }

    /** Gradient-norm clipping at {@code norm}. */
    public TrainingSpec clip(double norm) {
        json.put("clip", norm);
        return this;
    }

    public TrainingSpec seed(long seed) {
        json.put("seed", seed);
        return this;
    }

    public TrainingSpec steps(long steps) {
        json.put("steps", steps);
        return this;
    }

    /** The held-out target: accuracy at least {@code accuracy}; replaces a loss target. */
    public TrainingSpec targetAccuracy(double accuracy) {
        json.remove("target_loss");
        json.put("target_accuracy", accuracy);
        return this;
    }

    /** The held-out target: mean loss at most {@code loss}; replaces an accuracy target. */
    public TrainingSpec targetLoss(double loss) {
        json.remove("target_accuracy");
        json.put("target_loss", loss);
        return this;
    }

    /** The fee the node reserves for the task. */
    public TrainingSpec fee(long fee) {
        json.put("fee", fee);
        return this;
    }

    /** The spec as the JSON object the node reads (a copy). */
    public ObjectNode toJson() {
        return json.deepCopy();
    }
}
