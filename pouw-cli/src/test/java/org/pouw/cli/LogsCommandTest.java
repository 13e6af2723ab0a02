package org.pouw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.node.logs.RotatingLogFile;
import tools.jackson.databind.JsonNode;

/** {@code pouw logs} over a real rotated log: the tail across files, the level filter, JSON lines, bad input. */
class LogsCommandTest {
    @TempDir
    Path data;

    private static byte[] record(String level, int n) {
        return String.format("2026-12-07T03:00:%02dZ %s org.pouw.test: record %05d %s%n", n % 60, level, n,
                "x".repeat(80)).getBytes(StandardCharsets.UTF_8);
    }

    /** 100 records over several files; every tenth an ERROR with a two-line stack trace, every fifth a WARNING. */
    private void writeRotatedLog() throws IOException {
        try (RotatingLogFile file = new RotatingLogFile(RotatingLogFile.folder(data), 4096, 10)) {
            for (int n = 0; n < 100; n++) {
                String level = n % 10 == 0 ? "ERROR" : n % 5 == 0 ? "WARNING" : "INFO";
                String trace = n % 10 == 0
                        ? "java.lang.IllegalStateException: boom " + n + "\n\tat org.pouw.X.y(X.java:1)\n" : "";
                byte[] head = record(level, n);
                byte[] whole = new byte[head.length + trace.length()];
                System.arraycopy(head, 0, whole, 0, head.length);
                System.arraycopy(trace.getBytes(StandardCharsets.UTF_8), 0, whole, head.length, trace.length());
                file.write(whole);
            }
        }
    }

    @Test
    void tailReachesBackAcrossTheRotationBoundary() throws IOException {
        writeRotatedLog();
        long inNewest = Files.readAllLines(RotatingLogFile.rotated(RotatingLogFile.folder(data), 0)).size();
        int wanted = (int) inNewest + 15;
        CliRun run = CliRun.of("logs", "--data-dir", data.toString(), "--tail", Integer.toString(wanted));
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(wanted, lines.size());
        assertTrue(lines.getLast().contains("record 00099"), lines.getLast());
        List<String> all = new ArrayList<>();
        for (int n = 10; n >= 0; n--) {
            Path file = RotatingLogFile.rotated(RotatingLogFile.folder(data), n);
            if (Files.exists(file)) {
                all.addAll(Files.readAllLines(file));
            }
        }
        assertEquals(all.subList(all.size() - wanted, all.size()), lines, "the same lines, in order, none lost");
    }

    @Test
    void levelWarningShowsWarningsAndErrorsWithTheirTraces() throws IOException {
        writeRotatedLog();
        CliRun run = CliRun.of("logs", "--data-dir", data.toString(), "--tail", "6", "--level", "warning");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(6, lines.size());
        List<String> expected = List.of("X.java", "record 00085", "record 00090", "boom 90", "X.java", "record 00095");
        for (int i = 0; i < 6; i++) {
            assertTrue(lines.get(i).contains(expected.get(i)), i + ": " + lines.get(i));
        }
        assertTrue(run.out().lines().noneMatch(line -> line.contains(" INFO ")), run.out());
        CliRun errors = CliRun.of("logs", "--data-dir", data.toString(), "--tail", "1000", "--level", "SEVERE");
        assertEquals(30, errors.out().lines().count(), "10 errors, each with its two trace lines");
    }

    @Test
    void jsonIsOneObjectALine() throws IOException {
        writeRotatedLog();
        CliRun run = CliRun.of("logs", "--data-dir", data.toString(), "--tail", "3", "--level", "ERROR", "--json");
        assertEquals(0, run.exit(), run.err());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(3, lines.size());
        assertEquals("ERROR", lines.get(0).path("level").asString());
        assertEquals("org.pouw.test", lines.get(0).path("logger").asString());
        assertEquals("2026-12-07T03:00:30Z", lines.get(0).path("time").asString());
        assertTrue(lines.get(0).path("message").asString().startsWith("record 00090"));
        assertTrue(lines.get(1).path("continues").asBoolean());
        assertEquals("ERROR", lines.get(2).path("level").asString());
    }

    @Test
    void aJsonFormatLogIsPassedOnAsItIs() throws IOException {
        Path folder = RotatingLogFile.folder(data);
        Files.createDirectories(folder);
        String line = "{\"time\":\"2026-12-07T03:00:00Z\",\"level\":\"WARNING\",\"logger\":\"org.pouw.x\","
                + "\"message\":\"m\",\"request_id\":\"00ff\"}";
        Files.writeString(RotatingLogFile.rotated(folder, 0), line + "\n{\"time\":\"t\",\"level\":\"INFO\","
                + "\"logger\":\"l\",\"message\":\"quiet\"}\n");
        CliRun run = CliRun.of("logs", "--data-dir", data.toString(), "--level", "warn", "--json");
        assertEquals(0, run.exit(), run.err());
        assertEquals(1, run.jsonLines().size());
        assertEquals("00ff", run.lastJson().path("request_id").asString());
    }

    @Test
    void badInputIsRefusedNamingTheOption() throws IOException {
        writeRotatedLog();
        CliRun level = CliRun.of("logs", "--data-dir", data.toString(), "--level", "LOUD", "--json");
        assertEquals(ExitCodes.USAGE, level.exit());
        assertTrue(level.out().contains("--level"), level.out());
        CliRun tail = CliRun.of("logs", "--data-dir", data.toString(), "--tail", "-1");
        assertEquals(ExitCodes.USAGE, tail.exit());
        assertTrue(tail.err().contains("--tail"), tail.err());
        CliRun none = CliRun.of("logs", "--data-dir", data.resolve("nowhere").toString(), "--json");
        assertEquals(ExitCodes.REFUSED, none.exit());
        assertEquals("no_log", none.lastJson().path("error").path("code").asString());
    }
}
