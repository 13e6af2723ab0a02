package org.pouw.client.intents;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The node's answer to {@code POST /v1/intents}: it executed the intent at once, so the output is known, and posted
 * its proof jobs.
 *
 * @param output the registers at halt (decimal strings), or a hash chain's y
 * @param json the node's answer as it came
 */
public record IntentCreated(String intentId, String status, JsonNode output, long steps, String traceHash,
                            List<String> jobIds, long ledgerSeq, JsonNode json) {
    public static IntentCreated from(JsonNode json) {
        return new IntentCreated(json.path("intent_id").asString(""), json.path("status").asString(""),
                json.path("output"), json.path("steps").asLong(0), json.path("trace_hash").asString(""),
                NodeIntent.strings(json.path("job_ids")), json.path("ledger_seq").asLong(0), json);
    }
}
