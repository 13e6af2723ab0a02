package org.pouw.client.jobs;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A page of jobs in creation order. {@code nextCursor} is null on the last page; pass it to
 * {@link JobFilter#cursor} for the next one.
 */
public record JobPage(List<NodeJob> jobs, String nextCursor, JsonNode json) {
    public static JobPage from(JsonNode json) {
        JsonNode cursor = json.path("next_cursor");
        return new JobPage(json.path("jobs").valueStream().map(NodeJob::from).toList(),
                cursor.isNull() || cursor.isMissingNode() ? null : cursor.asString(), json);
    }
}
