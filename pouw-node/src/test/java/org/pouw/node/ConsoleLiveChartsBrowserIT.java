package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.Hex;
import org.pouw.crypto.KeyFile;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.worker.Worker;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerOptions;

/**
 * The console's live charts in a real headless Chromium (issue 29; docs/console.md), set up as
 * {@link ConsoleBrowserIT}'s tests are: the overview's verification-time line follows a job verified while the page is
 * open ({@code verify_ms} of its {@code job.completed} event), and an ML task's page draws the training loss its lease
 * holder reports ({@code POST /v1/pouw/jobs/{id}/progress}) as the reports arrive, without a reload. The browser steps
 * are in src/test/browser/console-live-charts-check.mjs.
 */
class ConsoleLiveChartsBrowserIT {
    private static final Path ARTEFACTS = ConsoleBrowserRun.ARTEFACTS;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void the_verification_time_and_a_task_s_training_loss_update_live() throws Exception {
        ConsoleBrowserRun.requireBrowser();
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        ConsoleBrowserIT.Keys keys = new ConsoleBrowserIT.Keys(client, keyFile("client.key", client),
                keyFile("worker.key", Ed25519.KeyPair.generate()), dir.resolve("wrong.key"));
        Files.writeString(keys.wrongKey(), "did = " + client.did() + "\nprivate_key = "
                + Hex.encode(Ed25519.KeyPair.generate().privateKey()) + "\n");
        try (RunningNode node = new RunningNode(dir.resolve("node"), Map.of("genesis", client.did() + "=1000000"),
                Clock.system())) {
            String token = node.signIn(client);
            String taskIntent = TrainingProgressRouteTest.postTask(node, token);
            RunningNode.Reply intent = node.post("/v1/intents", RunningNode.JSON.createObjectNode()
                    .put("program", "li r1 1\nmuli r1 r1 7\nhalt").put("max_steps", 100).put("tier", "micro")
                    .put("fee", 200).set("inputs", RunningNode.JSON.createArrayNode()), token);
            assertThat(intent.status()).as(intent.json().toString()).isEqualTo(201);

            // The program's job is verified once the script has the overview open (it writes this file), so its
            // completion reaches an open page through the event stream whatever the machine's speed.
            Path verifyNow = dir.resolve("verify-now");
            WorkerOptions options = WorkerOptions.defaults(URI.create(node.base), Ed25519.KeyPair.generate())
                    .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                    .withIdlePolling(Duration.ofMillis(20), Duration.ofMillis(100));
            Worker worker = new Worker(options, List.of(new ReexecKind()), WorkerDisplay.NONE);
            Thread starter = Thread.ofPlatform().daemon().start(() -> {
                try {
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                            .until(() -> Files.exists(verifyNow));
                    worker.start();
                } catch (RuntimeException e) {
                    // the script ended (or failed) before it opened the overview: its verdict says why
                }
            });
            try {
                ConsoleBrowserIT.runScript("console-live-charts-check.mjs", node, keys, Map.of(
                        "POUW_TASK_INTENT", taskIntent, "POUW_VERIFY_NOW", verifyNow.toString()));
            } finally {
                starter.interrupt();
                worker.stop();
            }
        }
        assertThat(ARTEFACTS.resolve("overview-live.png")).exists();
        assertThat(ARTEFACTS.resolve("ml-task-progress.png")).exists();
    }

    private Path keyFile(String name, Ed25519.KeyPair key) throws Exception {
        Path file = dir.resolve(name);
        KeyFile.create(file, key);
        return file;
    }
}
