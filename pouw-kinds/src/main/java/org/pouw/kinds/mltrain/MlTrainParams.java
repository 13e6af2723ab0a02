package org.pouw.kinds.mltrain;

import org.pouw.core.work.WorkFailedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@code ml-train} job asks, beside the task itself (the job's blob, its id the job's trace hash): where
 * the training and held-out records are (blob keys of their {@code PMLD} encodings), how many steps the node
 * audits, and the share of the reward paid when the trained model misses the task's target. Fixed when the job
 * is created, so every node sharing the market audits and pays a job the same way, and the worker knows the
 * terms before it trains. {@code initBlob} is the blob key of the training state a task that starts from given
 * weights begins with ({@code init_blob}, docs/ml.md "Starting from a model"), null for a task seeded as usual; it is
 * written only when set, so the params of every other job are unchanged.
 */
public record MlTrainParams(String taskId, long steps, String trainBlob, String heldOutBlob, int audits,
                            int missedTargetRewardPercent, String initBlob) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public MlTrainParams(String taskId, long steps, String trainBlob, String heldOutBlob, int audits,
                         int missedTargetRewardPercent) {
        this(taskId, steps, trainBlob, heldOutBlob, audits, missedTargetRewardPercent, null);
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("task_id", taskId);
        o.put("steps", steps);
        o.put("train_blob", trainBlob);
        o.put("held_out_blob", heldOutBlob);
        o.put("audits", audits);
        o.put("missed_target_reward_percent", missedTargetRewardPercent);
        if (initBlob != null) {
            o.put("init_blob", initBlob);
        }
        return MAPPER.writeValueAsString(o);
    }

    public static MlTrainParams parse(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            return new MlTrainParams(o.required("task_id").asString(), o.required("steps").asLong(),
                    o.required("train_blob").asString(), o.required("held_out_blob").asString(),
                    o.required("audits").asInt(), o.required("missed_target_reward_percent").asInt(),
                    o.has("init_blob") ? o.required("init_blob").asString() : null);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new WorkFailedException("ml-train params are malformed: " + e.getMessage());
        }
    }
}
