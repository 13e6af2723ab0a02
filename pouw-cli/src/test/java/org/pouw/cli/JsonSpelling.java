package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One spelling for one value (issue 25 §2.5): every key the CLI prints under {@code --json} is snake_case, as in the
 * API, and a duration is whole milliseconds under a {@code *_ms} key, never fractional seconds.
 */
public final class JsonSpelling {
    private JsonSpelling() {
    }

    public static void assertApiSpelling(List<JsonNode> lines) {
        assertThat(lines).isNotEmpty();
        lines.forEach(JsonSpelling::assertApiSpelling);
    }

    public static void assertApiSpelling(JsonNode node) {
        if (node.isArray()) {
            node.forEach(JsonSpelling::assertApiSpelling);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            assertThat(key).as("a key of " + node).matches("[a-z][a-z0-9_]*").doesNotEndWith("seconds");
            if (key.endsWith("_ms") && !field.getValue().isNull()) {
                assertThat(field.getValue().isIntegralNumber()).as(key + " in " + node + " is whole milliseconds")
                        .isTrue();
            }
            assertApiSpelling(field.getValue());
        }
    }
}
