package org.pouw.node.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;

class RotatingLogFileTest {
    @TempDir
    Path folder;

    private static byte[] record(int n) {
        return String.format("2026-12-07T03:00:00Z INFO org.pouw.test: record %05d %s%n", n, "x".repeat(60))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rotationKeepsAtMostTheGivenNumberOfFilesEachWithinTheLimit() throws IOException {
        try (RotatingLogFile file = new RotatingLogFile(folder, 4096, 3)) {
            for (int n = 0; n < 1000; n++) {
                file.write(record(n));
            }
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.sorted().toList();
        }
        assertEquals(List.of(folder.resolve("pouw.log"), folder.resolve("pouw.log.1"), folder.resolve("pouw.log.2"),
                folder.resolve("pouw.log.3")), files);
        for (Path file : files) {
            assertTrue(Files.size(file) <= 4096, file + " is " + Files.size(file) + " bytes");
        }
        // Nothing lost between the kept files, and each file starts with a whole record: newest last, in order.
        List<String> lines = new ArrayList<>();
        for (int n = 3; n >= 0; n--) {
            List<String> these = Files.readAllLines(RotatingLogFile.rotated(folder, n));
            assertTrue(these.getFirst().startsWith("2026-12-07T03:00:00Z INFO"), these.getFirst());
            lines.addAll(these);
        }
        assertTrue(lines.getLast().contains("record 00999"), lines.getLast());
        int first = Integer.parseInt(lines.getFirst().split(" ")[4]);
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).contains(String.format("record %05d", first + i)), lines.get(i));
        }
    }

    @Test
    void aRecordLongerThanTheLimitGetsAFileOfItsOwn() throws IOException {
        byte[] huge = ("2026-12-07T03:00:00Z ERROR org.pouw.test: " + "y".repeat(5000) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (RotatingLogFile file = new RotatingLogFile(folder, 4096, 2)) {
            file.write(record(1));
            file.write(huge);
            file.write(record(2));
        }
        assertEquals(huge.length, Files.size(RotatingLogFile.rotated(folder, 1)));
        assertTrue(Files.readString(RotatingLogFile.rotated(folder, 2)).contains("record 00001"));
        assertTrue(Files.readString(RotatingLogFile.rotated(folder, 0)).contains("record 00002"));
    }

    @Test
    void aRestartedNodeAppendsToTheFileItFinds() throws IOException {
        try (RotatingLogFile file = new RotatingLogFile(folder, 4096, 2)) {
            file.write(record(1));
        }
        try (RotatingLogFile file = new RotatingLogFile(folder, 4096, 2)) {
            file.write(record(2));
        }
        assertEquals(2, Files.readAllLines(RotatingLogFile.rotated(folder, 0)).size());
        assertFalse(Files.exists(RotatingLogFile.rotated(folder, 1)));
    }

    @Test
    void badLimitsAreRefusedNamingTheSetting() {
        assertThrows(IllegalArgumentException.class, () -> new RotatingLogFile(folder, 100, 2));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LogSettings(LogFormat.TEXT, 1, 1, 1, 100, 2)).getMessage().contains("log.file_max_bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LogSettings(LogFormat.TEXT, 1, 1, 1, 4096, 0)).getMessage().contains("log.file_count"));
    }

    @Test
    void theNodesLoggingWritesEachLineToStderrAndTheFile() throws IOException {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Logger logger = Logger.getLogger("org.pouw.test.rotating");
        try (NodeLogging ignored = NodeLogging.install(new LogSettings(LogFormat.TEXT, 1, 5, 60_000, 4096, 2),
                stderr, folder, Clock.system())) {
            logger.log(Level.WARNING, "disk almost full");
        }
        String file = Files.readString(RotatingLogFile.rotated(folder, 0));
        assertTrue(file.matches("\\S+Z WARNING org\\.pouw\\.test\\.rotating: disk almost full\\n"), file);
        assertEquals(file, stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLogNeverMakesTheDataFolder() throws IOException {
        Path logs = folder.resolve("data-not-made-yet").resolve("logs");
        try (RotatingLogFile file = new RotatingLogFile(logs, 4096, 2)) {
            file.write(record(1));
            assertFalse(Files.exists(logs.getParent()), "a refused start leaves nothing behind");
            Files.createDirectories(logs.getParent());
            file.write(record(2));
        }
        assertEquals(1, Files.readAllLines(RotatingLogFile.rotated(logs, 0)).size());
    }

    @Test
    void noFileWhenTheLimitIsZero() throws IOException {
        try (NodeLogging ignored = NodeLogging.install(new LogSettings(LogFormat.TEXT, 1, 5, 60_000, 0, 2),
                new ByteArrayOutputStream(), folder, Clock.system())) {
            Logger.getLogger("org.pouw.test.rotating").warning("not to a file");
        }
        try (Stream<Path> listed = Files.list(folder)) {
            assertEquals(0, listed.count());
        }
    }
}
