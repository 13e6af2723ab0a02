package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a {@code pouw node start} process with {@code http.drain_ms} set: for the whole drain its port stays
 * open, {@code /readyz} answers 404 {@code draining} and every other call is still served; only then does the
 * process end. Before, the web server's own stop hook closed the port the moment SIGTERM came, beside the drain, so a
 * load balancer never saw the 404 and cut the requests in flight (docs/failures.md, scenario 3).
 */
class NodeSigtermDrainIT {
    private static final long DRAIN_MS = 6_000;
    /**
     * How long before the drain's end the last answer may come. The probe loop sends two requests and sleeps 100 ms
     * per round; on a loaded machine a round can take over a second, so a 1 s allowance could miss the drain's last
     * second and fail a node that drained correctly. Three seconds of a six-second drain still tells it from the bug
     * this guards against: a port closed at the signal, with nothing served after it.
     */
    private static final long SLACK_MS = 3_000;

    @TempDir
    Path dir;

    private Process node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.destroyForcibly();
        }
    }

    @Test
    void aNodeToldToStopKeepsServingAndSaysDrainingUntilItsDrainEnds() throws Exception {
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data", "--set", "http.drain_ms=" + DRAIN_MS);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(CliProcess.timeout()).until(() -> status(http, url + "/readyz") == 200);

        long sigtermAt = System.nanoTime();
        node.destroy();
        long firstDraining = -1;
        long lastServed = -1;
        long portClosed = -1;
        int statusAnswers = 0;
        while (node.isAlive() && System.nanoTime() - sigtermAt < TimeUnit.SECONDS.toNanos(60)) {
            int ready = status(http, url + "/readyz");
            long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigtermAt);
            if (ready == -1) {
                portClosed = portClosed < 0 ? at : portClosed;
            } else if (ready == 200) {
                // The JVM runs its stop hooks a moment after the signal; once draining, never ready again.
                assertThat(firstDraining).as("/readyz ready again %d ms after SIGTERM, after saying draining", at)
                        .isNegative();
            } else {
                assertThat(ready).as("/readyz while stopping, %d ms after SIGTERM", at).isEqualTo(404);
                firstDraining = firstDraining < 0 ? at : firstDraining;
                int served = status(http, url + "/v1/pouw/system/status");
                if (served == 200) {
                    statusAnswers++;
                    lastServed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigtermAt);
                }
            }
            Thread.sleep(100);
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node ends after its drain").isTrue();
        assertThat(firstDraining).as("/readyz said draining after SIGTERM").isNotNegative();
        assertThat(statusAnswers).as("calls served during the drain").isPositive();
        // A loaded machine may answer late, but the port must not close long before the drain is over.
        assertThat(lastServed).as("the last call served, ms after SIGTERM (drain %d ms)", DRAIN_MS)
                .isGreaterThanOrEqualTo(DRAIN_MS - SLACK_MS);
        assertThat(portClosed < 0 || portClosed >= DRAIN_MS - SLACK_MS)
                .as("the port closed %d ms after SIGTERM, before the %d ms drain was over", portClosed, DRAIN_MS)
                .isTrue();
    }

    /** The status of a GET, or -1 when nothing answered (the port closed). */
    private static int status(HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException closed) {
            return -1;
        }
    }
}
