package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * A revealed final model of a settled task as settlement ranked it (docs/api.md, "The chain").
 *
 * @param accuracy its held-out accuracy in [0, 1], or null when the task settled without the held-out set
 * @param loss     its mean loss on the held-out set, or null (no held-out set, or not a finite number)
 * @param rank     1 for the model paid most
 */
public record ChainTaskReveal(String did, Double accuracy, Double loss, int rank) {
    public static ChainTaskReveal from(JsonNode json) {
        return new ChainTaskReveal(json.path("did").asString(""),
                json.path("accuracy").isNumber() ? json.path("accuracy").asDouble() : null,
                json.path("loss").isNumber() ? json.path("loss").asDouble() : null, json.path("rank").asInt(0));
    }
}
