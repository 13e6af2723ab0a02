package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw doctor} on real data folders: a good one with a real SQLite database migrated by the store, a missing
 * one, one that is a file, one whose database is not SQLite; a port that is free and one held by a program that is
 * not a node. A node answering is covered by {@code CliCommandsIT}'s live node.
 */
class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_good_folder_with_a_migrated_database_and_a_free_port_passes() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        StorageFactory.open(StorageConfig.sqlite(data)).close();
        CliRun run = doctor(data, freePort());
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.OK);
        JsonNode json = run.lastJson();
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(check(json, "jdk").get("status").asString()).isEqualTo("ok");
        assertThat(check(json, "data_dir").get("status").asString()).isEqualTo("ok");
        JsonNode database = check(json, "database");
        assertThat(database.get("status").asString()).isEqualTo("ok");
        assertThat(database.get("detail").asString()).contains("0 pending").doesNotContain(" 0 migrations applied");
        assertThat(check(json, "port").get("detail").asString()).contains("free");
    }

    @Test
    void a_missing_folder_is_a_warning_and_nothing_is_created() {
        Path data = dir.resolve("not-yet");
        CliRun run = doctor(data, freePort());
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.OK);
        assertThat(check(run.lastJson(), "data_dir").get("status").asString()).isEqualTo("warn");
        assertThat(check(run.lastJson(), "database").get("detail").asString()).contains("no database yet");
        assertThat(Files.exists(data)).isFalse();
    }

    @Test
    void a_data_dir_that_is_a_file_fails_with_exit_5_and_says_what_to_fix() throws Exception {
        Path file = dir.resolve("data");
        Files.writeString(file, "not a folder");
        CliRun run = doctor(file, freePort());
        assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode folder = check(run.lastJson(), "data_dir");
        assertThat(folder.get("status").asString()).isEqualTo("fail");
        assertThat(folder.get("fix").asString()).contains("data_dir");
        CliRun text = CliRun.of("doctor", "--data-dir", file.toString(), "--port", Integer.toString(freePort()));
        assertThat(text.out()).contains("fail  data_dir").contains("fix:");
    }

    @Test
    void a_database_file_that_is_not_sqlite_fails() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("pouw.db"), "this is not a database ".repeat(100));
        CliRun run = doctor(data, freePort());
        assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(check(run.lastJson(), "database").get("status").asString()).isEqualTo("fail");
    }

    @Test
    void a_port_held_by_a_program_that_is_not_a_node_fails() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepts connections (the kernel's backlog) and never answers HTTP: the node could not bind there.
            Path data = dir.resolve("data");
            CliRun run = doctor(data, other.getLocalPort());
            assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(check(run.lastJson(), "port").get("status").asString()).isEqualTo("fail");
        }
    }

    @Test
    void the_clock_is_judged_against_the_nodes_date_header() {
        Instant now = Instant.now();
        assertThat(DoctorCommand.clock(date(now), now, now).status()).isEqualTo(DoctorCheck.Status.OK);
        assertThat(DoctorCommand.clock(date(now.plusSeconds(10)), now, now).status())
                .isEqualTo(DoctorCheck.Status.WARN);
        assertThat(DoctorCommand.clock(date(now.minusSeconds(120)), now, now).status())
                .isEqualTo(DoctorCheck.Status.FAIL);
        assertThat(DoctorCommand.jdk(17).status()).isEqualTo(DoctorCheck.Status.FAIL);
    }

    private static String date(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC));
    }

    private static CliRun doctor(Path data, int port) {
        return CliRun.of("doctor", "--data-dir", data.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--json");
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode each : report.get("checks")) {
            if (each.get("name").asString().equals(name)) {
                return each;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
