package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Issue 25, defect 9: a worker run as a service answers /healthz and /metrics on a port of its own. */
class WorkerProbeIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void health_follows_the_loop_and_metrics_give_the_totals_in_prometheus_text() throws Exception {
        WorkerStats stats = new WorkerStats();
        stats.claimed();
        stats.claimed();
        stats.completed(70);
        stats.released();
        AtomicBoolean running = new AtomicBoolean(true);
        try (WorkerProbe probe = WorkerProbe.start("127.0.0.1", 0, running::get, stats::snapshot)) {
            String base = "http://127.0.0.1:" + probe.port();
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body()).contains("pouw_worker_jobs_claimed_total 2\n")
                    .contains("pouw_worker_jobs_completed_total 1\n").contains("pouw_worker_rewards_total 70\n")
                    .contains("pouw_worker_jobs_released_total 1\n").contains("pouw_worker_up 1\n");
            for (String line : metrics.body().split("\n")) {
                assertThat(line).as("every line a comment or a sample")
                        .matches("# (HELP|TYPE) pouw_worker_[a-z_]+ .+|pouw_worker_[a-z_]+ [0-9]+");
            }

            running.set(false);
            assertThat(get(base + "/healthz").statusCode()).as("the loop has stopped").isEqualTo(503);
            assertThat(get(base + "/metrics").body()).contains("pouw_worker_up 0\n");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
