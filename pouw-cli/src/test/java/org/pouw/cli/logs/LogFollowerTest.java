package org.pouw.cli.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.node.logs.RotatingLogFile;

/**
 * {@code pouw logs --follow} against a real file that another thread appends to and rotates: every line written after
 * the follower started is seen once, in order, including those after rotations; none from before it started.
 */
class LogFollowerTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    static byte[] record(String level, int n) {
        return String.format("2026-12-07T03:00:00Z %s org.pouw.test: record %05d %s%n", level, n, "x".repeat(80))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void seesLinesWrittenAfterItStartedAndAfterRotations() throws Exception {
        try (RotatingLogFile file = new RotatingLogFile(folder, 4096, 50)) {
            for (int n = 0; n < 10; n++) {
                file.write(record("INFO", n));
            }
            List<LogLine> seen = new CopyOnWriteArrayList<>();
            LogFollower follower = new LogFollower(folder, seen::add);
            Thread following = Thread.ofPlatform().start(follower::run);
            CountDownLatch written = new CountDownLatch(1);
            // Another thread appends 300 records, about 7 files' worth: the follower must cross several rotations.
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int n = 10; n < 310; n++) {
                        file.write(record(n % 7 == 0 ? "WARNING" : "INFO", n));
                        file.flush();
                        if (n % 40 == 0) {
                            Thread.yield();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written.countDown();
            });
            assertTrue(written.await(GENEROUS.toSeconds(), TimeUnit.SECONDS));
            writer.join();
            assertTrue(Files.exists(RotatingLogFile.rotated(folder, 5)), "the writer rotated several times");
            await().atMost(GENEROUS).until(() -> seen.size() >= 300);
            following.interrupt();
            following.join(GENEROUS.toMillis());
            assertEquals(300, seen.size(), "each line once");
            for (int i = 0; i < 300; i++) {
                assertTrue(seen.get(i).text().contains(String.format("record %05d", 10 + i)), seen.get(i).text());
                assertEquals((10 + i) % 7 == 0 ? LogLevel.WARNING : LogLevel.INFO, seen.get(i).level());
            }
        }
    }

    @Test
    void aLineIsHandedOnOnlyOnceItsLineEndIsWritten() throws Exception {
        try (RotatingLogFile file = new RotatingLogFile(folder, 4096, 2)) {
            file.write(record("INFO", 0)); // written before: not followed
            List<LogLine> seen = new CopyOnWriteArrayList<>();
            LogFollower follower = new LogFollower(folder, seen::add);
            Thread following = Thread.ofPlatform().start(follower::run);
            file.write("2026-12-07T03:00:00Z ERROR org.pouw.test: half".getBytes(StandardCharsets.UTF_8));
            file.flush();
            file.write(" and the rest\njava.lang.IllegalStateException: boom\n".getBytes(StandardCharsets.UTF_8));
            file.flush();
            await().atMost(GENEROUS).until(() -> seen.size() >= 2);
            following.interrupt();
            following.join(GENEROUS.toMillis());
            assertEquals("2026-12-07T03:00:00Z ERROR org.pouw.test: half and the rest", seen.get(0).text());
            assertEquals(LogLevel.ERROR, seen.get(1).level(), "a stack trace line takes its record's level");
            assertTrue(seen.get(1).continuing());
            assertEquals(2, seen.size());
        }
    }
}
