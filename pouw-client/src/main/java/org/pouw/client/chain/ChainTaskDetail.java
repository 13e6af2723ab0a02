package org.pouw.client.chain;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/tasks/{id}}: the task's summary, its training parameters, its miners and, once settled, the
 * revealed models' held-out evaluation and the settlement's payouts.
 *
 * @param parameters the task's architecture summary, dataset size, batch, learning rate and steps, as the node
 *                   reports them (a JSON object; see docs/api.md)
 * @param reveals    the revealed final models by rank; empty until the task is settled
 * @param settlement what settlement paid, or empty until the task is settled
 * @param json       the whole answer
 */
public record ChainTaskDetail(ChainTask task, JsonNode parameters, List<ChainTaskMiner> miners,
                              List<ChainTaskReveal> reveals, Optional<ChainSettlement> settlement, JsonNode json) {
    public static ChainTaskDetail from(JsonNode json) {
        JsonNode settlement = json.path("settlement");
        return new ChainTaskDetail(ChainTask.from(json), json.path("parameters"),
                json.path("miners").valueStream().map(ChainTaskMiner::from).toList(),
                json.path("reveals").valueStream().map(ChainTaskReveal::from).toList(),
                settlement.isObject() ? Optional.of(ChainSettlement.from(settlement)) : Optional.empty(), json);
    }
}
