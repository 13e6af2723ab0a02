package org.pouw.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSettingsTest {
    private static final String PASSWORD = "s3cr3t-Pa55";

    @TempDir
    Path dir;

    @Test
    void the_configs_description_shows_no_password_and_no_credentials_inside_urls() {
        NodeConfig config = ConfigLoader.load(null, Map.of(), Map.of(
                "storage.password", PASSWORD,
                "gate.redemption_store", "redis",
                "gate.redis_url", "redis://pouw:" + PASSWORD + "@127.0.0.1:6379/0",
                "rate_limits.redis_url", "rediss://:" + PASSWORD + "@cache:6380",
                "storage.url", "jdbc:postgresql://db:5432/pouw?user=pouw&password=" + PASSWORD + "&ssl=true"));

        String text = config.toString();

        assertThat(text).doesNotContain(PASSWORD)
                .contains("storagePassword=***")
                .contains("redis://***@127.0.0.1:6379/0")
                .contains("password=***&ssl=true")
                .contains("httpPort=8642");
        assertThat(config.storagePassword()).isEqualTo(PASSWORD);
    }

    @Test
    void a_secret_is_read_from_its_file_setting_without_the_final_newline() throws Exception {
        Path file = dir.resolve("db.password");
        Files.writeString(file, PASSWORD + "\n");

        NodeConfig config = ConfigLoader.load(null, Map.of(), Map.of("storage.password_file", file.toString()));

        assertThat(config.storagePassword()).isEqualTo(PASSWORD);
    }

    @Test
    void a_secret_given_both_ways_or_from_a_missing_file_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("storage.password", "x",
                "storage.password_file", dir.resolve("p").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.password and storage.password_file are both set");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(
                "gate.redis_url_file", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gate.redis_url_file: cannot read");
    }

    @Test
    void a_wrong_storage_url_is_echoed_without_its_password() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("storage.backend", "postgresql",
                "storage.url", "postgres://pouw:" + PASSWORD + "@db/pouw")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void a_taken_port_is_refused_naming_the_setting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            NodeConfig config = ConfigLoader.load(null, Map.of(), Map.of("http.port", Integer.toString(port),
                    "data_dir", dir.toString()));

            assertThatThrownBy(() -> ListenPorts.requireFree(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("http.port: cannot listen on 127.0.0.1:" + port);
        }
    }
}
