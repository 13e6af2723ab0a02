package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON display during a real run against {@link FixtureNode}, an HTTP server, hence the integration tier. */
class WorkerDisplayIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void jsonModePrintsOneParsableObjectPerEventOfARealRun() throws Exception {
        byte[] proof = {9, 9};
        try (FixtureNode node = FixtureNode.start()) {
            String id = node.addJob("test", proof, 30);
            WorkerOptions options = WorkerOptions.defaults(node.uri(), Ed25519.KeyPair.generate())
                    .withIdlePolling(Duration.ofMillis(10), Duration.ofMillis(50));
            Worker worker = new Worker(options, List.of(new TestProver((item, progress) -> {
                progress.progress("prove", 0.5);
                return proof;
            })), WorkerDisplay.jsonLines(out, Clock.system()), Clock.system(), new SplittableRandom(5));
            worker.start();
            // The "backoff" line comes from the first empty claim after the job is done: stopping as soon as the job
            // counts as completed could come before that claim is answered (a loaded machine), so wait for both.
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.stats().completed() == 1
                    && bytes.toString(StandardCharsets.UTF_8).contains("\"backoff\""));
            worker.stop();

            List<JsonNode> lines = lines();
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.path("event").isString()).isTrue();
                assertThat(line.path("at_ms").asLong(0)).isPositive();
            });
            assertThat(lines).extracting(line -> line.path("event").asString())
                    .contains("started", "claimed", "progress", "submitted", "backoff", "stopped")
                    .startsWith("started").endsWith("stopped");
            JsonNode submitted = lines.stream().filter(line -> line.path("event").asString().equals("submitted"))
                    .findFirst().orElseThrow();
            assertThat(submitted.path("job_id").asString()).isEqualTo(id);
            assertThat(submitted.path("reward").asLong()).isEqualTo(30);
            assertThat(submitted.path("totals").path("total_reward").asLong()).isEqualTo(30);
            assertThat(lines.getLast().path("totals").path("completed").asLong()).isEqualTo(1);
            assertThat(lines.getLast().path("error").asString()).isEmpty();
        }
    }

    private List<JsonNode> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
    }
}
