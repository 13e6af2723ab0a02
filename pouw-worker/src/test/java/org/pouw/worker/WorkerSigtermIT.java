package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
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
            Path keyFile = Files.createTempDirectory(Path.of("target"), "sigterm-worker").resolve("worker.key");
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            KeyFile.create(keyFile, key);
            Path errors = Path.of("target", "sigterm-worker.err");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    SignalledWorkerMain.class.getName(), node.uri().toString(), keyFile.toString())
                    .redirectError(errors.toFile())
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
                // Issue 25: the key the worker was given is in neither of its logs, in any usual spelling.
                String logs = String.join("\n", lines) + "\n" + Files.readString(errors, StandardCharsets.ISO_8859_1);
                for (String spelling : spellings(key.privateKey())) {
                    assertThat(logs).as("the worker's private key in its output").doesNotContain(spelling);
                }
            } finally {
                process.destroyForcibly();
            }
        }
    }

    /** A secret as it could be printed: hex either case, base64 and base64url, padded or not. */
    private static List<String> spellings(byte[] secret) {
        String hex = HexFormat.of().formatHex(secret);
        return List.of(hex, hex.toUpperCase(java.util.Locale.ROOT), Base64.getEncoder().encodeToString(secret),
                Base64.getEncoder().withoutPadding().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }
}
