package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SIGTERM to a worker process holding a job: the job goes back to the queue through /fail at once (issue 2, 11). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerSigtermIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void sigtermReleasesTheJobInHandAndSaysSo() throws Exception {
        try (FixtureNode node = FixtureNode.start()) {
            String id = node.addJob(TestProver.KIND, new byte[]{1}, 10);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    SignalledWorkerMain.class.getName(), node.uri().toString())
                    .redirectError(Path.of("target", "sigterm-worker.err").toFile())
                    .start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (Exception ignored) {
                    // The process is gone; the lines read so far are what the test checks.
                }
            });
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> lines.stream().anyMatch(line -> line.contains("\"event\":\"claimed\"")));

                // SIGTERM through the handle: Process.destroy() would also close our end of the worker's stdout.
                process.toHandle().destroy();

                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the worker exits").isTrue();
                reader.join(Duration.ofSeconds(10));
                assertThat(node.handBacks(id)).as("handed back by /release, no retry spent").isEqualTo(1);
                assertThat(node.failReasons(id)).isEmpty();
                assertThat(node.status(id)).isEqualTo("pending");
                JsonNode last = JSON.readTree(lines.getLast());
                assertThat(last.path("event").asString()).isEqualTo("stopped");
                assertThat(last.path("totals").path("released").asLong()).isEqualTo(1);
                assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"event\":\"released\""));
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
