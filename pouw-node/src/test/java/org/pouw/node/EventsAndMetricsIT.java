package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;
import tools.jackson.databind.node.ObjectNode;

/** The SSE event stream with Last-Event-ID resume, the Prometheus scrape, and the health probes. */
class EventsAndMetricsIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    RunningNode node;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000", "intents.segment_steps", "10"),
                new SettableClock(1_000_000));
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(10);
        body.put("max_steps", 1000).put("tier", "micro").put("fee", 30);
        assertThat(node.post("/v1/intents", body, node.signIn(client)).status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("id:")) {
                ids.add(line.substring(3).strip());
            }
        }
        return ids;
    }

    String stream(String query, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base + "/v1/pouw/events" + query)).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new String(node.send(request).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void eventsStreamInOrderAndResumeAfterLastEventId() {
        String first = stream("?limit=3", null);
        assertThat(ids(first)).containsExactly("1", "2", "3");
        assertThat(first).contains("event:intent.created").contains("\"type\":\"intent.created\"");
        assertThat(ids(stream("?limit=2", "2"))).containsExactly("3", "4");
        assertThat(ids(stream("?limit=1&after=4", null))).containsExactly("5");
        RunningNode.Reply bad = node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/pouw/events"))
                .header("Last-Event-ID", "soon").GET());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.field()).isEqualTo("Last-Event-ID");
    }

    @Test
    void metricsNameTheLifecycleQueueVerificationHttpAndJvm() {
        node.get("/v1/pouw/system/status");
        String text = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("pouw_jobs_posted_total{kind=\"reexec\"} 7.0")
                .contains("pouw_queue_depth{status=\"pending\"}")
                .contains("pouw_jobs_claimed_total")
                .contains("pouw_lease_expiries_total")
                .contains("pouw_rewards_paid_total")
                .contains("http_server_requests_seconds_count")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void healthProbesAnswer() {
        assertThat(node.get("/healthz").status()).isEqualTo(200);
        assertThat(node.get("/readyz").json().path("status").asString()).isEqualTo("ready");
    }
}
