package org.pouw.cli.stark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON side of the STARK commands: one object per line. */
final class StarkJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StarkJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static String write(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    /** Seconds with millisecond precision, so the JSON does not carry nanosecond noise. */
    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }
}
