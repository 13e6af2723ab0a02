package org.pouw.client.ml;

import tools.jackson.databind.JsonNode;

/**
 * The node's answer to {@code POST /v1/ml/tasks}: the task is an intent with one {@code ml-train} job, its fee
 * reserved. {@code params} are the job's parameters, among them {@code audits}, the steps the node will replay.
 *
 * @param json the node's answer as it came
 */
public record MlTaskCreated(String taskId, String intentId, String jobId, String status, long fee, long steps,
                            JsonNode params, long ledgerSeq, JsonNode json) {
    public static MlTaskCreated from(JsonNode json) {
        return new MlTaskCreated(json.path("task_id").asString(""), json.path("intent_id").asString(""),
                json.path("job_id").asString(""), json.path("status").asString(""), json.path("fee").asLong(0),
                json.path("steps").asLong(0), json.path("params"), json.path("ledger_seq").asLong(0), json);
    }
}
