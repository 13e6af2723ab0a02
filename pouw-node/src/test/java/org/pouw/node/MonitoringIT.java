package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.node.metrics.NodeMetrics;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring the repository ships, checked against a real node: its scrape passes {@code promtool check
 * metrics} without a warning, labelled counters exist at zero from the start, the alert rules in
 * {@code deploy/prometheus} pass their {@code promtool test rules} unit tests, and every expression of the rules and
 * of the Grafana dashboard names a series the node exports.
 */
class MonitoringIT {
    /** Series Prometheus makes itself rather than scraping them from the node. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    @TempDir
    static Path dir;
    static RunningNode node;
    static String scrape;

    @BeforeAll
    static void start() {
        // The system clock: the gate's start-up check compares it with the database's, and the gate's series are
        // part of the scrape under test.
        node = new RunningNode(dir, Map.of("gate.enabled", "true"), Clock.system());
        node.get("/v1/pouw/system/status");
        scrape = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_real_scrape_passes_promtool_check_metrics_without_a_warning() throws Exception {
        Promtool.assumeInstalled();
        Promtool.Result result = Promtool.run(scrape, "check", "metrics");
        assertThat(result.output()).as("promtool's findings").isBlank();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void labelled_counters_and_the_edge_series_exist_at_zero_from_the_start() {
        List<String> expected = new ArrayList<>();
        for (String kind : List.of("reexec", "hash-chain", "ml-train")) {
            expected.add("pouw_jobs_posted_total{kind=\"" + kind + "\"} 0.0");
            expected.add("pouw_jobs_completed_total{kind=\"" + kind + "\"} 0.0");
            expected.add("pouw_jobs_dead_lettered_total{kind=\"" + kind + "\"} 0.0");
            for (String reason : List.of("proof_invalid", "worker_failed", "lease_expired")) {
                expected.add("pouw_jobs_failed_total{kind=\"" + kind + "\",reason=\"" + reason + "\"} 0.0");
            }
        }
        for (String limitClass : NodeMetrics.RATE_LIMIT_CLASSES) {
            for (String reason : NodeMetrics.RATE_LIMIT_REASONS) {
                expected.add("pouw_rate_limit_denials_total{class=\"" + limitClass + "\",reason=\"" + reason
                        + "\"} 0.0");
            }
        }
        expected.add("pouw_busy_refusals_total{store=\"sqlite\"} 0.0");
        expected.add("pouw_storage_full_refusals_total{store=\"sqlite\"} 0.0");
        expected.add("pouw_storage_writes_stopped{store=\"sqlite\"} 0.0");
        expected.add("pouw_provers_quarantined 0.0");
        expected.add("pouw_database_up{store=\"sqlite\"} 1.0");
        assertThat(scrape.lines().toList()).containsAll(expected);
        // The scrape came over a connection the server was serving while it answered: at least that one is open.
        assertThat(scrape).containsPattern("(?m)^pouw_http_connections_open [1-9][0-9]*\\.0$");
    }

    @Test
    void the_alert_rules_pass_their_promtool_unit_tests() throws Exception {
        Promtool.assumeInstalled();
        Path rules = Promtool.repositoryRoot().resolve("deploy/prometheus");
        Promtool.Result check = Promtool.run(null, "check", "rules", rules.resolve("alerts.yml").toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        Promtool.Result test = Promtool.run(null, "test", "rules", rules.resolve("alerts_test.yml").toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void every_alert_expression_names_a_series_the_node_exports() throws Exception {
        List<String> lines = Files.readAllLines(Promtool.repositoryRoot().resolve("deploy/prometheus/alerts.yml"));
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("expr:")) {
                continue;
            }
            String value = line.substring("expr:".length()).strip();
            if (value.equals("|")) {
                // A block scalar: the lines indented deeper than "expr:" are the expression.
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
        assertThat(expressions).as("alert expressions").hasSizeGreaterThanOrEqualTo(7);
        assertNamesExported(expressions);
    }

    @Test
    void every_dashboard_expression_names_a_series_the_node_exports() throws Exception {
        JsonNode dashboard = RunningNode.JSON.readTree(Files.readString(Promtool.repositoryRoot()
                .resolve("deploy/grafana/pouw.json")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        assertThat(expressions).as("dashboard expressions").hasSizeGreaterThanOrEqualTo(6);
        Set<String> named = assertNamesExported(expressions);
        assertThat(named).as("queue, throughput, verification time, rewards, rejections and denials are shown")
                .contains("pouw_queue_depth", "pouw_jobs_completed_total", "pouw_proof_verification_seconds_bucket",
                        "pouw_rewards_paid_total", "pouw_jobs_failed_total", "pouw_rate_limit_denials_total");
    }

    private static Set<String> assertNamesExported(List<String> expressions) {
        Set<String> exported = exportedSeries();
        Set<String> named = new TreeSet<>();
        for (String expression : expressions) {
            Set<String> names = seriesNames(expression);
            assertThat(names).as("series named in %s", expression).isNotEmpty();
            for (String name : names) {
                assertThat(exported).as("%s (in %s) is a series the node exports", name, expression)
                        .contains(name);
            }
            named.addAll(names);
        }
        return named;
    }

    /** Every series name the scrape carries, with the _bucket, _sum and _count of histograms and summaries. */
    private static Set<String> exportedSeries() {
        Set<String> names = new TreeSet<>(PROMETHEUS_OWN);
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }

    /**
     * The series an expression selects: its identifiers once strings, label matchers, ranges and grouping lists
     * are taken out, less PromQL's functions (an identifier before a parenthesis) and keywords.
     */
    static Set<String> seriesNames(String expression) {
        String bare = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
        while (identifier.find()) {
            String word = identifier.group(1);
            if (identifier.group(2) == null && !PROMQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }
}
