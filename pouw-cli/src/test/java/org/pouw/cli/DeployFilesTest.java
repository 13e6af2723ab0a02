package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.node.config.ConfigLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The container files of issue 25 §1, read as data because no container engine runs here: the compose file's
 * service graph, its settings (each a real node setting), the files it mounts, and the Dockerfile's user, probe and
 * native-library folder.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static JsonNode compose() throws IOException {
        return YAML.readTree(Files.readString(DEPLOY.resolve("compose.yaml")));
    }

    @Test
    void the_compose_graph_starts_the_node_after_a_healthy_database_and_redis_and_every_dependency_exists()
            throws IOException {
        JsonNode services = compose().path("services");
        assertThat(names(services)).containsExactlyInAnyOrder("node", "postgres", "redis", "prometheus", "grafana");
        JsonNode node = services.path("node");
        assertThat(node.path("depends_on").path("postgres").path("condition").asString()).isEqualTo("service_healthy");
        assertThat(node.path("depends_on").path("redis").path("condition").asString()).isEqualTo("service_healthy");
        for (String name : names(services)) {
            JsonNode dependsOn = services.path(name).path("depends_on");
            List<String> targets = dependsOn.isArray() ? dependsOn.valueStream().map(JsonNode::asString).toList()
                    : names(dependsOn);
            assertThat(names(services)).as("%s depends on services that exist", name).containsAll(targets);
            for (String target : targets) {
                JsonNode check = services.path(target);
                if (dependsOn.path(target).path("condition").asString("").equals("service_healthy")) {
                    assertThat(check.has("healthcheck")).as("%s waits for %s's health check", name, target).isTrue();
                }
            }
        }
        assertThat(services.path("redis").path("command").toString()).as("a Redis that never evicts redemptions")
                .contains("noeviction");
    }

    @Test
    void the_node_runs_read_only_unprivileged_with_only_real_settings_and_its_secrets_from_files() throws IOException {
        JsonNode compose = compose();
        JsonNode node = compose.path("services").path("node");
        assertThat(node.path("read_only").asBoolean()).isTrue();
        assertThat(node.path("tmpfs").valueStream().map(JsonNode::asString).toList()).contains("/tmp");
        assertThat(node.path("user").asString()).doesNotStartWith("0").doesNotStartWith("root").isNotEmpty();

        Set<String> envNames = new HashSet<>();
        ConfigLoader.DEFAULTS.keySet().forEach(setting -> envNames.add(ConfigLoader.envName(setting)));
        for (String variable : names(node.path("environment"))) {
            assertThat(envNames).as("%s names a node setting", variable).contains(variable);
            assertThat(variable).as("a secret is passed as a file, never as a value")
                    .doesNotEndWith("PASSWORD").doesNotEndWith("SECRET");
        }
        for (JsonNode secret : node.path("secrets")) {
            assertThat(compose.path("secrets").has(secret.asString())).as("secret %s is declared", secret).isTrue();
        }
        assertThat(node.path("environment").path("POUW_AUTH_TOKEN_SECRET_FILE").asString())
                .as("every node behind one database shares one token secret").startsWith("/run/secrets/");
    }

    @Test
    void every_file_the_compose_mounts_is_in_the_repository_and_prometheus_scrapes_the_node_service()
            throws IOException {
        JsonNode services = compose().path("services");
        List<String> sources = new ArrayList<>();
        for (String name : names(services)) {
            for (JsonNode volume : services.path(name).path("volumes")) {
                String source = volume.asString().split(":")[0];
                if (source.startsWith("./")) {
                    sources.add(source);
                }
            }
        }
        assertThat(sources).isNotEmpty();
        sources.forEach(source -> assertThat(DEPLOY.resolve(source)).as(source).isRegularFile());

        JsonNode prometheus = YAML.readTree(Files.readString(DEPLOY.resolve("compose/prometheus.yml")));
        JsonNode job = prometheus.path("scrape_configs").path(0);
        assertThat(job.path("metrics_path").asString()).isEqualTo("/v1/pouw/metrics");
        assertThat(job.path("static_configs").path(0).path("targets").path(0).asString()).isEqualTo("node:8642");
        assertThat(prometheus.path("rule_files").path(0).asString()).isEqualTo("alerts.yml");
    }

    @Test
    void the_image_runs_as_a_fixed_user_probes_with_pouw_itself_and_unpacks_sqlite_off_tmp() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        String last = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

        assertThat(last).containsPattern("(?m)^USER 10001:10001$");
        assertThat(last).containsPattern("(?m)^HEALTHCHECK .*\\n?.*CMD \\[\"/opt/pouw/bin/pouw\", \"node\", \"health\"");
        assertThat(last).contains("POUW_NATIVE_TMPDIR=/var/lib/pouw").contains("ENTRYPOINT [\"/opt/pouw/bin/pouw\"]");
        String instructions = String.join("\n", dockerfile.lines().filter(line -> !line.startsWith("#")).toList());
        assertThat(instructions).as("no HTTP tool is installed for the probe").doesNotContain("curl")
                .doesNotContain("wget");
        assertThat(CliRun.of("node", "health", "--help").exit()).as("the probe the image runs exists").isZero();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
