package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;

/**
 * Issue 18 defect 8 over HTTP: the node's database becomes unavailable for real, under a running node. Before, every
 * request, {@code /readyz} included, waited out the pool's five-second connection timeout before its 503 (and on
 * SQLite a replaced file went unnoticed). Now readiness answers 503 at once, requests fail fast with 503
 * {@code unavailable} while the database is known down, and both recover when it is back. Bounds are generous (a
 * loaded machine): three seconds for what the node answers in milliseconds.
 */
class DatabaseOutageIT {
    private static final long FAST_MS = 3_000;

    @TempDir
    Path dir;

    @Test
    void sqlite_file_replaced_under_the_node() throws Exception {
        try (RunningNode node = new RunningNode(dir.resolve("node"), Map.of(), new SettableClock(1_000_000))) {
            assertThat(node.get("/readyz").status()).isEqualTo(200);
            Path file = dir.resolve("node").resolve("pouw.db");
            Path moved = dir.resolve("pouw.db.moved");
            Files.move(file, moved);
            Files.writeString(file, "not an SQLite database");

            awaitReadiness(node, 503);
            assertFastUnavailable(node);

            Files.move(moved, file, StandardCopyOption.REPLACE_EXISTING);
            awaitReadiness(node, 200);
            assertThat(node.get("/v1/pouw/pool").status()).isEqualTo(200);
        }
    }

    @Test
    void postgresql_server_stopped_and_started_again() throws Exception {
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres server = startPostgres(data, 0);
        int port = server.getPort();
        try (RunningNode node = new RunningNode(dir.resolve("node"), Map.of("storage.backend", "postgresql",
                "storage.url", server.getJdbcUrl("postgres", "postgres"), "storage.user", "postgres",
                "storage.password", "postgres", "storage.pool_size", "2",
                "auth.token_secret_file", TokenSecretFile.shared(dir)), new SettableClock(1_000_000))) {
            assertThat(node.get("/v1/pouw/pool").status()).isEqualTo(200);
            server.close();

            awaitReadiness(node, 503);
            assertFastUnavailable(node);

            server = startPostgres(data, port);
            awaitReadiness(node, 200);
            assertThat(node.get("/v1/pouw/pool").status()).isEqualTo(200);
        } finally {
            server.close();
        }
    }

    /** While down: readiness and a call that needs the database both answer 503 at once, several times over. */
    private static void assertFastUnavailable(RunningNode node) {
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            RunningNode.Reply ready = node.get("/readyz");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(elapsedMs(started)).as("/readyz answered at once").isLessThan(FAST_MS);

            started = System.nanoTime();
            RunningNode.Reply pool = node.get("/v1/pouw/pool");
            assertThat(pool.status()).isEqualTo(503);
            assertThat(pool.code()).isEqualTo("unavailable");
            assertThat(pool.headers()).containsKey("retry-after");
            assertThat(elapsedMs(started)).as("a request failed fast").isLessThan(FAST_MS);
        }
    }

    /** Waits (60 s at most, ending as soon as it holds) for {@code /readyz} to answer {@code status}. */
    private static void awaitReadiness(RunningNode node, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.get("/readyz").status() != status) {
            assertThat(System.nanoTime()).as("/readyz answers %d within 60 s", status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long elapsedMs(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws java.io.IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(false).setServerConfig("fsync", "off");
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }
}
