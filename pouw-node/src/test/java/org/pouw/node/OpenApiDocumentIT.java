package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pouw.core.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** docs/openapi.yaml documents exactly the routes the node serves: none missing, none invented. */
class OpenApiDocumentIT {
    @TempDir
    Path dir;

    @Test
    void theDocumentAndTheServerAgree() throws Exception {
        JsonNode document = new YAMLMapper().readTree(Files.readString(Path.of("..", "docs", "openapi.yaml")));
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                documented.add(method.toUpperCase() + " " + path.getKey());
            }
        }
        Set<String> served = new TreeSet<>();
        try (RunningNode node = new RunningNode(dir, Map.of("gate.enabled", "true"), Clock.system())) {
            node.node.routes().forEach(route -> served.add(route.method() + " " + route.path()));
        }
        assertThat(served).isEqualTo(documented);
    }

    /**
     * What a generated client needs beyond the linter's rules (issue 25 §2.7): every integer is 64-bit (amounts and
     * {@code *_ms} times overflow 32 bits; a generated client would read them as {@code int}), and every operation
     * lists the 429 that every route can answer, since every route is rate-limited.
     */
    @Test
    void everyIntegerIsSixtyFourBitAndEveryOperationListsTheRateLimit() throws Exception {
        JsonNode document = new YAMLMapper().readTree(Files.readString(Path.of("..", "docs", "openapi.yaml")));
        Set<String> narrow = new TreeSet<>();
        collectNarrowIntegers(document, "", narrow);
        assertThat(narrow).as("integers without format int64").isEmpty();
        Set<String> withoutRateLimit = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!operation.getValue().path("responses").has("429")) {
                    withoutRateLimit.add(operation.getKey().toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertThat(withoutRateLimit).as("operations that do not list 429").isEmpty();
    }

    private static void collectNarrowIntegers(JsonNode node, String at, Set<String> narrow) {
        if (node.isObject()) {
            JsonNode type = node.path("type");
            boolean integer = type.asString("").equals("integer")
                    || type.isArray() && type.size() == 2 && type.toString().contains("\"integer\"")
                    && type.toString().contains("\"null\"");
            if (integer && !node.path("format").asString("").equals("int64")) {
                narrow.add(at);
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectNarrowIntegers(field.getValue(), at + "/" + field.getKey(), narrow);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNarrowIntegers(node.get(i), at + "/" + i, narrow);
            }
        }
    }
}
