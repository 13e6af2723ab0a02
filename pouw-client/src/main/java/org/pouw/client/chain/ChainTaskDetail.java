package org.pouw.client.chain;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/tasks/{id}}: the task's summary, its training parameters and its miners.
 *
 * @param parameters the task's architecture summary, dataset size, batch, learning rate and steps, as the node
 *                   reports them (a JSON object; see docs/api.md)
 * @param json       the whole answer
 */
public record ChainTaskDetail(ChainTask task, JsonNode parameters, List<ChainTaskMiner> miners, JsonNode json) {
    public static ChainTaskDetail from(JsonNode json) {
        return new ChainTaskDetail(ChainTask.from(json), json.path("parameters"),
                json.path("miners").valueStream().map(ChainTaskMiner::from).toList(), json);
    }
}
