package org.pouw.client.ml;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A page of the caller's own sweeps, newest first ({@code GET /v1/ml/sweeps}): how a client whose post got no answer
 * finds the sweep it posted.
 *
 * @param nextCursor the cursor of the next page; empty on the last
 * @param json       the node's answer as it came
 */
public record MlSweepList(List<Row> sweeps, Optional<String> nextCursor, JsonNode json) {
    /** One sweep: its size, how many tasks are verified, whether the node still follows it (some task is open). */
    public record Row(String sweepId, int jobsTotal, int jobsVerified, boolean following, boolean finalRetrain,
                      long createdAtMs) {
    }

    public static MlSweepList from(JsonNode json) {
        List<Row> rows = json.path("sweeps").valueStream().map(row -> new Row(row.path("sweep_id").asString(""),
                row.path("jobs_total").asInt(0), row.path("jobs_verified").asInt(0),
                row.path("following").asBoolean(false), row.path("final_retrain").asBoolean(false),
                row.path("created_at_ms").asLong(0))).toList();
        JsonNode next = json.path("next_cursor");
        return new MlSweepList(rows, next.isString() ? Optional.of(next.asString()) : Optional.empty(), json);
    }
}
