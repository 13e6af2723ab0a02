package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * One task in {@code GET /v1/chain/tasks}: posted with {@code pay_for_task}, or a filler task (no poster, no escrow).
 *
 * @param poster   the poster's did:key; null for a filler task
 * @param escrow   the fee still held for the task's miners
 * @param budget   what is left of it for blocks on the task
 * @param commitBy the last height a final model may be committed; revealBy and heldOutBy likewise
 */
public record ChainTask(String id, String poster, boolean filler, long escrow, long budget, long commitBy,
                        long revealBy, long heldOutBy, boolean settled) {
    public static ChainTask from(JsonNode json) {
        JsonNode poster = json.path("poster");
        return new ChainTask(json.path("id").asString(""), poster.isString() ? poster.asString() : null,
                json.path("filler").asBoolean(false), json.path("escrow").asLong(0), json.path("budget").asLong(0),
                json.path("commit_by").asLong(0), json.path("reveal_by").asLong(0),
                json.path("held_out_by").asLong(0), json.path("settled").asBoolean(false));
    }
}
