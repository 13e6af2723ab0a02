package org.pouw.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pouw.gate.redeem.RedemptionSettings;

/** docs/operations.md states the redemption settings' defaults; they live in {@link RedemptionSettings#defaults()}. */
class RedemptionSettingsDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(gate\\.[a-z_]+)` \\|\\s*`?([^`|]*?)`?\\s*\\|",
            Pattern.MULTILINE);

    @Test
    void theDocumentedGateDefaultsAreTheSettingsDefaults() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2).trim());
        }
        RedemptionSettings defaults = RedemptionSettings.defaults();
        // The node's other gate.* settings have rows too; pouw-node's OperationsDocTest checks those.
        assertThat(documented).containsAllEntriesOf(Map.of(
                "gate.redemption_store", defaults.store(),
                "gate.redis_url", defaults.redisUrl(),
                "gate.clock_skew_ms", Long.toString(defaults.clockSkewMs()),
                "gate.fail_mode", defaults.failMode().setting(),
                "gate.fail_open_after_ms", Long.toString(defaults.failOpenAfterMs()),
                "gate.fail_open_max_tokens", Integer.toString(defaults.failOpenMaxTokens())));
    }
}
