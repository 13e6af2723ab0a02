package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;

/**
 * Issue 18, "Connections": one address may hold only so many connections and, apart, so many event streams; the
 * node as a whole only so many connections. The connection over a cap has its first request answered with the JSON
 * error naming the cap and is closed; once a held one closes, the address is served again. Clients on 127.0.0.2
 * stand for a second address.
 */
class ConnectionCapsTest {
    @TempDir
    Path dir;

    RunningNode node;
    final List<RawConnection> held = new ArrayList<>();

    @AfterEach
    void stop() {
        held.forEach(RawConnection::close);
        node.close();
    }

    void start(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("http.host", "0.0.0.0");
        node = new RunningNode(dir, all, new SettableClock(1_700_000_000_000L));
    }

    RawConnection.Response get(String path, String from, boolean headOnly) {
        return forwarded(path, from, null, headOnly);
    }

    /** A request from {@code from}, forwarding for {@code client} ({@code X-Forwarded-For}) unless it is null. */
    RawConnection.Response forwarded(String path, String from, String client, boolean headOnly) {
        RawConnection connection = new RawConnection(node.node.port(), from);
        held.add(connection);
        connection.send("GET " + path + " HTTP/1.1\r\nHost: node\r\n"
                + (client == null ? "" : "X-Forwarded-For: " + client + "\r\n") + "\r\n");
        return headOnly ? connection.readHeadOnly() : connection.readResponse();
    }

    static void assertRefused(RawConnection.Response response, int status, String code) {
        assertThat(response).isNotNull();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Retry-After")).isNotNull();
        assertThat(response.json().path("error").path("code").asString()).isEqualTo(code);
    }

    /**
     * Retries a fresh request until it is served: a released slot is given back when the node sees the close — for an
     * event stream, at its next write (a heartbeat every {@code http.stream_heartbeat_ms}; the first write after a drop
     * may still succeed).
     */
    void assertServedAgain(String path, String from, boolean headOnly) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        RawConnection.Response last = null;
        while (System.nanoTime() < end) {
            last = get(path, from, headOnly);
            if (last != null && last.status() == 200) {
                return;
            }
            held.removeLast().close();
            Thread.sleep(500);
        }
        assertThat(last).as("served again after a held connection closed").isNotNull();
        assertThat(last.status()).isEqualTo(200);
    }

    @Test
    void an_address_over_its_connection_cap_gets_429_and_another_address_is_still_served() throws Exception {
        start(Map.of("http.max_connections_per_address", "3"));
        for (int i = 0; i < 3; i++) {
            assertThat(get("/healthz", "127.0.0.1", false).status()).isEqualTo(200);
        }
        assertRefused(get("/healthz", "127.0.0.1", false), 429, "too_many_connections");
        assertThat(held.getLast().closedWithin(30_000)).as("the refused connection is closed").isTrue();
        assertThat(get("/healthz", "127.0.0.2", false).status()).as("another address").isEqualTo(200);

        held.removeFirst().close();
        assertServedAgain("/healthz", "127.0.0.1", false);
    }

    @Test
    void the_node_over_its_total_cap_gets_503() {
        start(Map.of("http.max_connections", "4", "http.max_connections_per_address", "3",
                "http.max_event_streams", "4"));
        for (int i = 0; i < 3; i++) {
            assertThat(get("/healthz", "127.0.0.1", false).status()).isEqualTo(200);
        }
        assertThat(get("/healthz", "127.0.0.2", false).status()).isEqualTo(200);
        assertRefused(get("/healthz", "127.0.0.2", false), 503, "too_many_connections");
    }

    @Test
    void event_streams_have_a_cap_of_their_own() throws Exception {
        // Heartbeats every 200 ms, not 15 s: the node finds the closed stream at a write, so the slot comes back sooner.
        start(Map.of("http.max_event_streams_per_address", "2", "http.stream_heartbeat_ms", "200"));
        for (int i = 0; i < 2; i++) {
            RawConnection.Response stream = get("/v1/pouw/events", "127.0.0.1", true);
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
        }
        assertRefused(get("/v1/pouw/events", "127.0.0.1", false), 429, "rate_limited");
        assertThat(get("/healthz", "127.0.0.1", false).status()).as("plain requests are not event streams")
                .isEqualTo(200);
        assertThat(get("/v1/pouw/events", "127.0.0.2", true).status()).as("another address").isEqualTo(200);

        held.removeFirst().close();
        assertServedAgain("/v1/pouw/events", "127.0.0.1", true);
    }

    /**
     * A client that opens an event stream and then reads nothing: once the socket buffers between it and the node
     * are full, the node's next write blocks. Before the stream-write deadline that write blocked until the node
     * stopped, holding the address's only stream slot (and the connection's thread) all that while; now the
     * connection is closed once a write has blocked for {@code http.stream_write_timeout_ms}, and the slot is free.
     */
    @Test
    void an_event_stream_whose_client_stops_reading_is_cut_off_and_its_slot_given_back() throws Exception {
        start(Map.of("http.max_event_streams_per_address", "1", "http.stream_write_timeout_ms", "1000"));
        // about 12 MB of events: more than the node's send buffer (4 MB at most here) and the client's receive buffer
        String pad = "{\"pad\":\"" + "x".repeat(1200) + "\"}";
        for (int batch = 0; batch < 10; batch++) {
            List<org.pouw.core.event.EventDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                drafts.add(new org.pouw.core.event.EventDraft("test_padding", "", "", pad));
            }
            node.node.storage().write(tx -> tx.events().appendAll(drafts, 1_700_000_000_000L));
        }
        try (java.net.Socket stalled = new java.net.Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", node.node.port()));
            stalled.getOutputStream().write("GET /v1/pouw/events HTTP/1.1\r\nHost: node\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // It reads the answer's head, so its stream surely holds the address's one slot before anything else
            // asks (without this a probe could be served first and the "stalled" request refused), then nothing.
            stalled.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n") && head.length() < 8192) {
                int b = stalled.getInputStream().read();
                assertThat(b).as("the stream's head arrives").isNotNegative();
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
            long end = System.nanoTime() + 30_000_000_000L;
            RawConnection.Response second = null;
            while (System.nanoTime() < end) {
                second = get("/v1/pouw/events?limit=1", "127.0.0.1", false);
                if (second != null && second.status() == 200) {
                    break;
                }
                assertThat(second).isNotNull();
                assertThat(second.status()).as("refused while the stalled stream holds the slot").isEqualTo(429);
                held.removeLast().close();
                Thread.sleep(200);
            }
            assertThat(second).isNotNull();
            assertThat(second.status()).as("served once the stalled stream is cut off").isEqualTo(200);
            // and the stalled client finds its connection closed once it does read: it never gets the whole log.
            // Its receive window opens wide first, so the megabytes the node had queued drain at once rather than
            // 4 KiB at a time on the node's persist timer.
            stalled.setReceiveBufferSize(1 << 20);
            stalled.setSoTimeout(30_000);
            long read = 0;
            byte[] buffer = new byte[65536];
            try {
                for (int n; (n = stalled.getInputStream().read(buffer)) > 0; ) {
                    read += n;
                }
            } catch (java.net.SocketException reset) {
                // a reset ends the stream as surely as a FIN; a read timeout is no SocketException and fails the test
            }
            assertThat(read).as("what was buffered before the cut, less than the log").isLessThan(10_000L * 1200);
        }
    }

    /**
     * Behind a trusted proxy (127.0.0.3 here) a connection is the proxy's, carrying many clients' requests: the
     * per-address connection cap does not apply to it — the node's total does — while the event-stream cap, taken
     * per request, counts the forwarded client, as the rate limits do. Before, the proxy's own address was capped:
     * a proxy in front of the node could hold only eight event streams for all of its clients together.
     */
    @Test
    void behind_a_trusted_proxy_connections_count_in_the_total_and_event_streams_by_forwarded_client() {
        start(Map.of("http.trusted_proxies", "127.0.0.3", "http.max_connections_per_address", "2",
                "http.max_connections", "12", "http.max_event_streams_per_address", "1"));
        for (int i = 0; i < 4; i++) {
            assertThat(forwarded("/healthz", "127.0.0.3", "198.51.100." + (i + 1), false).status())
                    .as("the proxy's connection " + (i + 1) + ", past the per-address cap of 2").isEqualTo(200);
        }
        assertThat(forwarded("/v1/pouw/events", "127.0.0.3", "198.51.100.1", true).status())
                .as("a first client's stream").isEqualTo(200);
        assertThat(forwarded("/v1/pouw/events", "127.0.0.3", "198.51.100.2", true).status())
                .as("a second client's stream, through the same proxy").isEqualTo(200);
        assertRefused(forwarded("/v1/pouw/events", "127.0.0.3", "198.51.100.1", false), 429, "rate_limited");

        // an untrusted peer's X-Forwarded-For is its own word: capped by its own address as before
        for (int i = 0; i < 2; i++) {
            assertThat(forwarded("/healthz", "127.0.0.2", "198.51.100." + (10 + i), false).status()).isEqualTo(200);
        }
        assertRefused(forwarded("/healthz", "127.0.0.2", "198.51.100.12", false), 429, "too_many_connections");
        // the node's total still holds for the proxy: 12 in all; 9 held so far (4, 2 streams, the refused stream's, 2)
        for (int i = 0; i < 3; i++) {
            forwarded("/healthz", "127.0.0.3", "198.51.100.20", false);
        }
        assertRefused(forwarded("/healthz", "127.0.0.3", "198.51.100.21", false), 503, "too_many_connections");
    }
}
