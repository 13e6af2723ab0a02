package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code pouw restore}'s two forms: SQLite takes {@code --from}, PostgreSQL none (its cluster is restored by its
 * own tools; the command gives the database a new restore epoch). Each wrong form is named, exit 2, and a PostgreSQL
 * server that does not answer is exit 3 — nothing changed. PostgresRestoreFailoverIT runs the PostgreSQL form
 * against a real recovered cluster.
 */
class RestoreCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void sqlite_without_from_is_a_usage_error_that_touches_nothing() {
        CliRun run = CliRun.of("restore", "--data-dir", dir.resolve("data").toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(code(run)).isEqualTo("usage");
        assertThat(Files.exists(dir.resolve("data.restoring"))).isFalse();
    }

    @Test
    void postgresql_with_from_is_a_usage_error_naming_the_other_form() throws Exception {
        CliRun run = CliRun.of("restore", "--data-dir", dir.resolve("data").toString(), "--json",
                "--from", dir.resolve("backup").toString(), "--set", "storage.backend=postgresql",
                "--set", "storage.url=jdbc:postgresql://127.0.0.1:" + closedPort() + "/pouw");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(code(run)).isEqualTo("usage");
        assertThat(run.out()).contains("without --from");
    }

    @Test
    void postgresql_that_does_not_answer_is_unreachable_exit_3() throws Exception {
        CliRun run = CliRun.of("restore", "--data-dir", dir.resolve("data").toString(), "--json",
                "--set", "storage.backend=postgresql",
                "--set", "storage.url=jdbc:postgresql://127.0.0.1:" + closedPort() + "/pouw?connectTimeout=2");
        assertThat(run.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(code(run)).isEqualTo("unreachable");
    }

    private static String code(CliRun run) {
        return JSON.readTree(run.out()).path("error").path("code").asString();
    }

    /** A loopback port nothing listens on (taken, then released). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
