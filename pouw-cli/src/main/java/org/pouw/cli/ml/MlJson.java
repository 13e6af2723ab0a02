package org.pouw.cli.ml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON side of {@code pouw ml}'s output: one object per line. */
final class MlJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MlJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** JSON has no NaN: a value not measured yet is null. */
    static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    /** A duration in whole milliseconds ({@code *_ms}, as in the rest of the CLI and the API); null if unknown. */
    static void putMillis(ObjectNode node, String field, double seconds) {
        if (Double.isFinite(seconds)) {
            node.put(field, Math.round(seconds * 1000));
        } else {
            node.putNull(field);
        }
    }

    static String write(JsonNode node) {
        return JSON.writeValueAsString(node);
    }
}
