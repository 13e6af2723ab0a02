package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WorkerDisplayTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WorkerStats.Snapshot TOTALS = new WorkerStats.Snapshot(3, 2, 1, 0, 0, 0, 150);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void jsonModeNamesEveryEventAndItsFields() {
        WorkerDisplay display = WorkerDisplay.jsonLines(out, new SettableClock(1234));
        allEvents().forEach(event -> display.show(event, TOTALS));

        List<JsonNode> lines = lines();
        assertThat(lines).extracting(line -> line.path("event").asString()).containsExactly("started", "claimed",
                "progress", "submitted", "rejected", "failed", "lease_lost", "released", "backoff", "stopped");
        assertThat(lines).allSatisfy(line -> assertThat(line.path("at_ms").asLong()).isEqualTo(1234));
        assertThat(lines.get(0).path("kinds").get(0).asString()).isEqualTo("reexec");
        assertThat(lines.get(2).path("fraction").asDouble()).isEqualTo(0.42);
        assertThat(lines.get(2).has("totals")).as("progress lines stay small").isFalse();
        assertThat(lines.get(4).path("detail").asString()).isEqualTo("final state differs");
        assertThat(lines.get(8).path("cause").asString()).isEqualTo("node_unreachable");
        assertThat(lines.get(8).path("delay_ms").asLong()).isEqualTo(4000);
        assertThat(lines.get(9).path("totals").path("total_reward").asLong()).isEqualTo(150);
    }

    @Test
    void plainLinesNeverRedrawAndTellAWaitOnce() {
        WorkerDisplay display = WorkerDisplay.human(out, false);
        display.show(new WorkerEvent.Backoff(WorkerEvent.Cause.NO_JOBS, 200, ""), TOTALS);
        display.show(new WorkerEvent.Backoff(WorkerEvent.Cause.NO_JOBS, 400, ""), TOTALS);
        display.show(new WorkerEvent.Backoff(WorkerEvent.Cause.NO_JOBS, 800, ""), TOTALS);
        display.show(new WorkerEvent.Claimed("abcdef0123456789", "reexec", "macro", 50, 1), TOTALS);
        for (int percent = 0; percent <= 100; percent++) {
            display.show(new WorkerEvent.Progress("abcdef0123456789", "reexec", "prove", percent / 100.0), TOTALS);
        }
        display.show(new WorkerEvent.Submitted("abcdef0123456789", "reexec", 50, 7), TOTALS);

        String text = text();
        assertThat(text).doesNotContain("\r", "\033");
        assertThat(text.lines().filter(line -> line.equals("waiting for jobs"))).hasSize(1);
        assertThat(text.lines().filter(line -> line.startsWith("progress"))).as("each quarter once").hasSize(5);
        assertThat(text).contains("claimed   abcdef012345  reexec/macro")
                .contains("paid      abcdef012345  +50  (earned 150 in total)");
    }

    @Test
    void aTerminalGetsAStatusLineRedrawnInPlace() {
        WorkerDisplay display = new TerminalDisplay(out, true, 100);
        display.show(new WorkerEvent.Backoff(WorkerEvent.Cause.NODE_UNREACHABLE, 4000, "connection refused"), TOTALS);
        display.show(new WorkerEvent.Claimed("abcdef0123456789", "reexec", "macro", 50, 1), TOTALS);
        display.show(new WorkerEvent.Progress("abcdef0123456789", "reexec", "prove", 0.42), TOTALS);

        String text = text();
        assertThat(text).contains("\r\033[2Knode unreachable, retrying in 4s | done 2, rejected 1, earned 150");
        assertThat(text).contains("\r\033[2Kworking abcdef012345 reexec prove 42% | done 2");

        display.show(new WorkerEvent.Stopped(""), TOTALS);
        assertThat(text()).endsWith("\r\033[2Kstopped: done 2, rejected 1, earned 150" + System.lineSeparator());
    }

    @Test
    void aStatusLineNeverOutgrowsTheTerminal() {
        WorkerDisplay display = new TerminalDisplay(out, true, 40);
        display.show(new WorkerEvent.Claimed("abcdef0123456789", "a-very-long-kind-name", "macro", 50, 1), TOTALS);
        String lastRedraw = text().substring(text().lastIndexOf("\r\033[2K") + 5);
        assertThat(lastRedraw).hasSize(40).endsWith("...");
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(TerminalDisplay.formatDuration(250)).isEqualTo("250ms");
        assertThat(TerminalDisplay.formatDuration(4_000)).isEqualTo("4s");
        assertThat(TerminalDisplay.formatDuration(90_000)).isEqualTo("1m30s");
        assertThat(TerminalDisplay.formatDuration(120_000)).isEqualTo("2m");
    }

    private static List<WorkerEvent> allEvents() {
        String id = "abcdef0123456789";
        return List.of(
                new WorkerEvent.Started("did:key:z6Mk", "http://127.0.0.1:1", List.of("reexec"), List.of(), 2),
                new WorkerEvent.Claimed(id, "reexec", "macro", 50, 1),
                new WorkerEvent.Progress(id, "reexec", "prove", 0.42),
                new WorkerEvent.Submitted(id, "reexec", 50, 7),
                new WorkerEvent.Rejected(id, "reexec", "mismatch", "final state differs"),
                new WorkerEvent.Failed(id, "reexec", "blob missing"),
                new WorkerEvent.LeaseLost(id, "reexec", "renew refused"),
                new WorkerEvent.Released(id, "reexec", Worker.SHUTDOWN_REASON),
                new WorkerEvent.Backoff(WorkerEvent.Cause.NODE_UNREACHABLE, 4000, "connection refused"),
                new WorkerEvent.Stopped(""));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> lines() {
        return text().lines().map(JSON::readTree).toList();
    }
}
