package org.pouw.node.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The process's logging as {@code pouw node start} installs it, fed through {@link System.Logger} like the node's own
 * code, on a settable clock: a repeated warning is written N times an interval and the next one says how many were
 * held back; audit lines are never held back; both formats.
 */
class NodeLogHandlerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    final SettableClock clock = new SettableClock(1_800_000_000_000L);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final System.Logger probe = System.getLogger("org.pouw.node.probe.warnings");

    List<String> lines() {
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    List<JsonNode> json(String logger) {
        return lines().stream().map(JSON::readTree).filter(l -> l.path("logger").asString().equals(logger)).toList();
    }

    void storm(int times) {
        for (int i = 0; i < times; i++) {
            probe.log(System.Logger.Level.WARNING, "peer 10.0.0." + i + " sent a malformed frame (" + i + " bytes)");
        }
    }

    @Test
    void a_storm_of_one_warning_is_n_lines_an_interval_and_the_next_line_counts_the_rest() {
        try (NodeLogging ignored = NodeLogging.install(new LogSettings(LogFormat.JSON, 1, 3, 60_000), out, clock)) {
            storm(10);
            assertThat(json("org.pouw.node.probe.warnings")).hasSize(3)
                    .allMatch(l -> l.path("level").asString().equals("WARNING") && !l.has("suppressed"));
            clock.advance(60_000);
            storm(1);
            List<JsonNode> lines = json("org.pouw.node.probe.warnings");
            assertThat(lines).hasSize(4);
            assertThat(lines.get(3).path("suppressed").asLong()).isEqualTo(7);
            probe.log(System.Logger.Level.WARNING, "another warning altogether");
            assertThat(json("org.pouw.node.probe.warnings")).hasSize(5);
        }
    }

    @Test
    void audit_lines_are_never_held_back() {
        try (NodeLogging ignored = NodeLogging.install(new LogSettings(LogFormat.JSON, 1, 1, 60_000), out, clock)) {
            for (int i = 0; i < 20; i++) {
                AuditLog.write(AuditNote.detached("POST /v1/admin/partners").detail("partner", "p" + i), 403);
            }
            assertThat(json(AuditLog.LOGGER)).hasSize(20);
        }
    }

    @Test
    void an_exception_is_written_with_its_class_message_and_stack_on_the_same_json_line() {
        try (NodeLogging ignored = NodeLogging.install(new LogSettings(LogFormat.JSON, 1, 3, 60_000), out, clock)) {
            probe.log(System.Logger.Level.ERROR, "the reaper failed", new IllegalStateException("database gone"));
            JsonNode line = json("org.pouw.node.probe.warnings").get(0);
            assertThat(line.path("level").asString()).isEqualTo("ERROR");
            assertThat(line.path("error").path("class").asString()).isEqualTo("java.lang.IllegalStateException");
            assertThat(line.path("error").path("message").asString()).isEqualTo("database gone");
            assertThat(line.path("error").path("stack").asString()).contains("NodeLogHandlerTest");
            assertThat(lines()).hasSize(1);
        }
    }

    @Test
    void the_text_format_is_one_line_with_the_time_level_logger_and_the_count_held_back() {
        try (NodeLogging ignored = NodeLogging.install(new LogSettings(LogFormat.TEXT, 1, 2, 60_000), out, clock)) {
            storm(5);
            clock.advance(60_000);
            storm(1);
            List<String> lines = lines().stream().filter(l -> l.contains("org.pouw.node.probe.warnings")).toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z WARNING org\\.pouw\\.node\\.probe\\.warnings:"
                    + " peer 10\\.0\\.0\\.0 sent a malformed frame \\(0 bytes\\)");
            assertThat(lines.get(2)).endsWith("(3 more like this held back)");
        }
    }

    @Test
    void closing_puts_the_previous_handlers_back() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        List<java.util.logging.Handler> before = List.of(root.getHandlers());
        NodeLogging.install(new LogSettings(LogFormat.JSON, 1, 3, 60_000), out, clock).close();
        assertThat(root.getHandlers()).containsExactlyElementsOf(before);
        probe.log(System.Logger.Level.WARNING, "after close");
        assertThat(lines()).isEmpty();
    }
}
