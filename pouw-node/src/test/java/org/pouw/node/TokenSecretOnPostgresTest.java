package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.ConfigLoader;

/**
 * Issue 25: nodes sharing a PostgreSQL database must hold one token secret. A node that minted its own would sign
 * tokens the others refuse (sign-ins failing at random behind a load balancer), so on PostgreSQL a missing secret
 * stops the start, before any connection, and no file is made.
 */
class TokenSecretOnPostgresTest {
    @TempDir
    Path dir;

    @Test
    void a_node_on_postgresql_without_the_shared_secret_refuses_to_start_and_makes_none() {
        Path secret = dir.resolve("shared.secret");
        var config = ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.resolve("data").toString(),
                "http.port", "0", "storage.backend", "postgresql",
                "storage.url", "jdbc:postgresql://127.0.0.1:1/never", "auth.token_secret_file", secret.toString()));

        assertThatThrownBy(() -> PouwNode.start(config, Clock.system()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("auth.token_secret_file: " + secret + " does not exist");
        assertThat(Files.exists(secret)).isFalse();
        assertThat(Files.exists(dir.resolve("data"))).as("nothing opened or written").isFalse();
    }
}
