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
}
