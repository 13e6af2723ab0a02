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

    /** A duration as whole milliseconds, the unit of every {@code *_ms} field in the CLI's and the API's JSON. */
    static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
