package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pouw.node.config.ConfigLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The documents agree with the code: every operation of docs/openapi.yaml names the class {@link RouteClasses} gives
 * its route (and OpenApiDocumentIT holds the document to the routes served, so every served route is classed on
 * purpose), and docs/operations.md lists every rate-limit setting with the default the node loads.
 */
class RateLimitDocsTest {
    private static final Pattern ROW = Pattern.compile(
            "^\\| `((?:rate_limits\\.|http\\.trusted_proxies)[a-z_.]*)` \\| (?:`([^`]*)` )?\\|", Pattern.MULTILINE);

    @Test
    void everyDocumentedOperationNamesTheClassItsRouteIsLimitedIn() throws IOException {
        JsonNode document = new YAMLMapper().readTree(Files.readString(Path.of("..", "docs", "openapi.yaml")));
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                String documented = operation.getValue().path("x-rate-limit-class").asString("");
                assertThat(RouteClasses.listed(method, path.getKey()))
                        .as("the class of %s %s in RouteClasses", method, path.getKey())
                        .map(LimitClass::wire).contains(documented);
                operations++;
            }
        }
        assertThat(operations).isGreaterThan(40);
    }

    @Test
    void everyRateLimitSettingIsDocumentedWithItsLoadedDefault() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }
        ConfigLoader.DEFAULTS.keySet().stream()
                .filter(name -> name.startsWith("rate_limits.") || name.equals("http.trusted_proxies"))
                .forEach(name -> assertThat(documented).as("docs/operations.md row of %s", name).containsKey(name));
        documented.forEach((setting, value) -> assertThat(ConfigLoader.DEFAULTS.get(setting))
                .as("default of %s", setting).isEqualTo(value));
    }
}
