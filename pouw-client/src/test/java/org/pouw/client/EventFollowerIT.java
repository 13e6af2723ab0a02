package org.pouw.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.pouw.client.events.NodeEvent;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;

/** The event follower reads SSE and, when the stream ends, resumes after the last event it handed on. */
class EventFollowerIT {
    private static String sse(long seq, String type) {
        return "id: " + seq + "\nevent: " + type + "\ndata: {\"seq\":" + seq + ",\"type\":\"" + type
                + "\",\"job_id\":\"j" + seq + "\",\"data\":{\"reward\":" + seq + "},\"at_ms\":7}\n\n";
    }

    @Test
    void followsAndResumesFromTheLastEventId() throws Exception {
        try (StubNode node = new StubNode();
             PouwClient client = new PouwClient(node.uri(), Ed25519.KeyPair.generate(), Duration.ofSeconds(5),
                     Clock.system())) {
            List<NodeEvent> seen = new CopyOnWriteArrayList<>();
            EventFollower follower = client.events().follower(4);
            node.answer("GET /v1/pouw/events", request -> {
                String last = request.header("Last-Event-ID");
                String body = switch (last) {
                    case "4" -> sse(5, "job.created");
                    case "5" -> ": heartbeat\n\n" + sse(6, "job.claimed") + sse(7, "job.completed");
                    default -> "";
                };
                return new StubNode.Answer(200, body, "Content-Type", "text/event-stream");
            });
            Thread reader = Thread.ofVirtual().start(() -> follower.follow(seen::add));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
            follower.close();
            reader.join(5_000);

            assertThat(seen).extracting(NodeEvent::seq).containsExactly(5L, 6L, 7L);
            assertThat(seen.get(2).type()).isEqualTo("job.completed");
            assertThat(seen.get(2).jobId()).isEqualTo("j7");
            assertThat(seen.get(2).intentId()).isEmpty();
            assertThat(seen.get(2).data().path("reward").asLong()).isEqualTo(7);
            assertThat(follower.lastSeq()).isEqualTo(7);
            assertThat(reader.isAlive()).as("close ends follow").isFalse();
            assertThat(node.received("GET", "/v1/pouw/events")).extracting(r -> r.header("Last-Event-ID"))
                    .startsWith("4", "5");
        }
    }
}
