package org.pouw.pool.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import org.pouw.pool.share.ShareReason;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pool's monitoring as shipped (issue 23 §6; docs/pool.md §6a): deploy/prometheus/pool-alerts.yml passes {@code
 * promtool check rules} and its unit tests in pool-alerts_test.yml; a pool's scrape passes {@code promtool check
 * metrics}; and every expression of the rules and of deploy/grafana/pouw-pool.json names a series the pool exports
 * (so a renamed metric breaks this test, not a dashboard in production). Needs promtool (scripts/
 * install-test-tools.sh); without it the test is skipped, saying so.
 */
class PoolMonitoringIT {
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "le");
    private static String scrape;
    private static Path root;

    @BeforeAll
    static void scrapeAPoolThatSawEveryOutcome() {
        SettableClock clock = new SettableClock(1_760_000_000_000L);
        PoolMetrics metrics = new PoolMetrics(new Miners(VardiffSettings.defaults(1), ReputationSettings.defaults(),
                clock), clock);
        metrics.stratumConnections(() -> 3);
        metrics.accepted("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX", 256);
        for (ShareReason reason : ShareReason.values()) {
            metrics.refused(reason);
        }
        metrics.unavailable();
        scrape = metrics.scrape();
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null && root == null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/prometheus")) && Files.exists(dir.resolve("mvnw"))) {
                root = dir;
            }
        }
        assertThat(root).as("the repository root above " + here).isNotNull();
    }

    @Test
    void theAlertRulesPassPromtoolAndTheirUnitTests() throws Exception {
        Path rules = root.resolve("deploy/prometheus");
        String check = promtool(rules, null, "check", "rules", "pool-alerts.yml");
        assertThat(check).contains("SUCCESS: 4 rules found");
        assertThat(promtool(rules, null, "test", "rules", "pool-alerts_test.yml")).contains("SUCCESS");
    }

    @Test
    void aPoolScrapePassesPromtoolCheckMetrics() throws Exception {
        assertThat(promtool(root, scrape, "check", "metrics")).as("promtool's findings").isBlank();
    }

    @Test
    void everyAlertAndDashboardExpressionNamesASeriesThePoolExports() throws IOException {
        List<String> expressions = new ArrayList<>();
        List<String> lines = Files.readAllLines(root.resolve("deploy/prometheus/pool-alerts.yml"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("expr:")) {
                continue;
            }
            String value = line.substring("expr:".length()).strip();
            if (value.equals("|")) {
                int indent = lines.get(i).indexOf("expr:");
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                        || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
                    block.append(lines.get(++i).strip()).append(' ');
                }
                value = block.toString().strip();
            }
            expressions.add(value);
        }
        assertThat(expressions).as("alert expressions").hasSize(4);
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(
                root.resolve("deploy/grafana/pouw-pool.json")));
        int panels = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            panels++;
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(6);
        Set<String> exported = new TreeSet<>(PROMETHEUS_OWN);
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (sample.find()) {
            exported.add(sample.group(1));
        }
        Set<String> named = new TreeSet<>();
        for (String expression : expressions) {
            Set<String> names = seriesNames(expression);
            assertThat(names).as("series named in %s", expression).isNotEmpty();
            assertThat(exported).as("the series of %s", expression).containsAll(names);
            named.addAll(names);
        }
        assertThat(named).as("accepted, refused, difficulty, hash rate, miners and connections are shown")
                .contains("pouw_pool_shares_accepted_total", "pouw_pool_shares_rejected_total",
                        "pouw_pool_share_difficulty_log2_bucket", "pouw_pool_hashrate_estimate",
                        "pouw_pool_miners_active", "pouw_pool_stratum_connections");
    }

    /** The series an expression selects: identifiers left once strings, matchers, ranges and groupings are gone. */
    private static Set<String> seriesNames(String expression) {
        String bare = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
        while (identifier.find()) {
            if (identifier.group(2) == null && !PROMQL_WORDS.contains(identifier.group(1))) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    private static String promtool(Path dir, String stdin, String... args) throws Exception {
        Path promtool = null;
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "promtool");
            if (Files.isExecutable(candidate)) {
                promtool = candidate;
                break;
            }
        }
        assumeTrue(promtool != null, "promtool is not installed: apt-get install prometheus (Debian), or run "
                + "scripts/install-test-tools.sh");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
