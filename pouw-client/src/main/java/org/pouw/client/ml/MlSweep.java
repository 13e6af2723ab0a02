package org.pouw.client.ml;

import tools.jackson.databind.JsonNode;

/**
 * A sweep as the node reports it ({@code POST /v1/ml/sweeps}, {@code GET /v1/ml/sweeps/{id}}): its tasks' progress
 * and, per configuration, the mean ± standard deviation of the held-out accuracy over the folds verified.
 *
 * @param best the best configuration's index once every task is verified, else -1
 * @param json the node's answer as it came (configurations, jobs, fee_total on creation)
 */
public record MlSweep(String sweepId, String status, int jobsDone, int jobsTotal, int best, JsonNode json) {
    public static MlSweep from(JsonNode json) {
        return new MlSweep(json.path("sweep_id").asString(""), json.path("status").asString(""),
                json.path("jobs_done").asInt(0), json.path("jobs_total").asInt(0),
                json.path("best").isNumber() ? json.path("best").asInt() : -1, json);
    }

    public boolean running() {
        return status.equals("running");
    }
}
