package org.pouw.client.ml;

import org.pouw.client.jobs.NodeJob;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/ml/tasks/{id}}: a training task's status ({@code proving} until verified, then {@code proven}),
 * its job, and once verified the quality and who trained it.
 *
 * @param quality null until the training is verified
 * @param trainedBy the worker's did, empty until verified
 * @param json the node's answer as it came
 */
public record MlTask(String taskId, String intentId, String status, String requester, long fee, long steps, NodeJob job,
                     TrainingQuality quality, String trainedBy, JsonNode json) {
    public static MlTask from(JsonNode json) {
        JsonNode quality = json.path("quality");
        return new MlTask(json.path("task_id").asString(""), json.path("intent_id").asString(""),
                json.path("status").asString(""), json.path("requester").asString(""), json.path("fee").asLong(0),
                json.path("steps").asLong(0), NodeJob.from(json.path("job")),
                quality.isObject() ? TrainingQuality.from(quality) : null, json.path("trained_by").asString(""),
                json);
    }
}
