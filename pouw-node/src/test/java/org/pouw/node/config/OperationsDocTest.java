package org.pouw.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pouw.core.market.JobCaps;
import org.pouw.core.market.MarketSettings;

/**
 * docs/operations.md states the defaults an operator gets; the numbers themselves live in code (the market's in
 * {@link MarketSettings#defaults()}), so this test keeps the table from drifting when they change.
 */
class OperationsDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(market\\.[a-z_]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

    @Test
    void the_documented_market_defaults_are_the_loaded_defaults() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }

        assertThat(documented).containsKeys("market.lease_ms", "market.max_lease_ms", "market.max_retries",
                "market.job_ttl_ms", "market.reward_permille", "market.max_claim_batch");
        documented.forEach((setting, value) -> assertThat(ConfigLoader.DEFAULTS.get(setting))
                .as("default of %s", setting).isEqualTo(value));
    }

    private static final Pattern GATE_ROW = Pattern.compile(
            "^\\| `((?:gate|tokens|receipts)\\.[a-z_.]+)` \\| (?:`([^`]*)` )?\\|", Pattern.MULTILINE);

    @Test
    void every_gate_token_and_receipt_setting_is_documented_with_its_loaded_default() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = GATE_ROW.matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }
        ConfigLoader.DEFAULTS.keySet().stream()
                .filter(name -> name.startsWith("gate.") || name.startsWith("tokens.") || name.startsWith("receipts."))
                .forEach(name -> assertThat(documented).as("docs/operations.md row of %s", name).containsKey(name));
        documented.forEach((setting, value) -> {
            assertThat(ConfigLoader.DEFAULTS).as("%s is a setting", setting).containsKey(setting);
            if (!value.startsWith("<")) {
                assertThat(ConfigLoader.DEFAULTS.get(setting)).as("default of %s", setting).isEqualTo(value);
            }
        });
    }

    private static final Pattern CHAIN_ROW = Pattern.compile("^\\| `(chain\\.[a-z_]+)` \\| `([^`]*)` \\|",
            Pattern.MULTILINE);

    @Test
    void every_chain_setting_is_documented_with_its_loaded_default() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = CHAIN_ROW.matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        ConfigLoader.DEFAULTS.keySet().stream().filter(name -> name.startsWith("chain."))
                .forEach(name -> assertThat(documented).as("docs/operations.md row of %s", name).containsKey(name));
        documented.forEach((setting, value) -> assertThat(ConfigLoader.DEFAULTS.get(setting))
                .as("default of %s", setting).isEqualTo(value));
    }

    private static final Pattern LOG_ROW = Pattern.compile("^\\| `(log\\.[a-z_]+)` \\| `([^`]*)` \\|",
            Pattern.MULTILINE);

    @Test
    void every_log_setting_is_documented_with_its_loaded_default() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = LOG_ROW.matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        ConfigLoader.DEFAULTS.keySet().stream().filter(name -> name.startsWith("log."))
                .forEach(name -> assertThat(documented).as("docs/operations.md row of %s", name).containsKey(name));
        documented.forEach((setting, value) -> assertThat(ConfigLoader.DEFAULTS.get(setting))
                .as("default of %s", setting).isEqualTo(value));
    }

    @Test
    void the_loaded_redemption_settings_are_those_of_redemption_settings() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).gate().redemption())
                .isEqualTo(org.pouw.gate.redeem.RedemptionSettings.defaults());
    }

    @Test
    void the_market_defaults_are_those_of_market_settings() {
        MarketSettings loaded = ConfigLoader.load(null, Map.of(), Map.of()).market();

        // A node states times for the kinds whose speeds are measured (docs/economics.md, "Default speeds"); the
        // library's defaults, which embedded markets and test benches start from, state none.
        assertThat(loaded).isEqualTo(MarketSettings.defaults().withJobCaps(JobCaps.DEFAULTS.withTimes(
                JobCaps.DEFAULT_MAX_JOB_MS, JobCaps.DEFAULT_SLOWEST_UNITS_PER_SECOND)));
    }
}
