package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;

/**
 * Issue 18, defect 3: idle connections, half-sent headers and bodies shorter or slower than declared held a socket
 * forever. With short deadlines set, each kind of slow socket is closed — the ones that were sending a request with
 * a 408 JSON error first — while a request that pauses within the deadlines is served. The waits are generous: they
 * end as soon as the node closes the socket.
 */
class SlowSocketsTest {
    @TempDir
    static Path dir;

    static RunningNode node;
    static final long CLOSE_WITHIN_MS = 30_000;

    @BeforeAll
    static void start() {
        node = new RunningNode(dir, Map.of("http.header_timeout_ms", "1000", "http.idle_timeout_ms", "1500",
                "http.body_timeout_ms", "1000", "http.min_body_bytes_per_second", "4096",
                "http.max_connections_per_address", "1000"), new SettableClock(1_700_000_000_000L));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    RawConnection connect() {
        return new RawConnection(node.node.port());
    }

    static void assertTimedOut(RawConnection connection) {
        RawConnection.Response response = connection.readResponse();
        assertThat(response).as("a 408 before the close").isNotNull();
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("error").path("code").asString()).isEqualTo("request_timeout");
        assertThat(connection.closedWithin(CLOSE_WITHIN_MS)).isTrue();
    }

    @Test
    void many_silent_connections_are_all_closed() {
        List<RawConnection> silent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            silent.add(connect());
        }
        for (RawConnection connection : silent) {
            assertThat(connection.closedWithin(CLOSE_WITHIN_MS)).as("a silent connection is closed").isTrue();
            connection.close();
        }
    }

    @Test
    void half_sent_headers_get_408_and_a_close() {
        try (RawConnection connection = connect()) {
            connection.send("POST /v1/auth/challenge HTTP/1.1\r\nHost: node\r\n");
            assertTimedOut(connection);
        }
    }

    @Test
    void headers_trickled_byte_by_byte_meet_the_total_deadline() {
        try (RawConnection connection = connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: node\r\nX-Slow: ");
            boolean closed = false;
            // Each byte comes well within any per-read timeout; only a deadline on the whole head ends this.
            for (int i = 0; i < 300 && !closed; i++) {
                closed = !connection.send("a") || connection.closedWithin(100);
            }
            assertThat(closed).as("closed while the header was still trickling").isTrue();
        }
    }

    @Test
    void a_body_shorter_than_its_content_length_gets_408_and_a_close() {
        try (RawConnection connection = connect()) {
            connection.send("POST /v1/auth/challenge HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"did\":");
            assertTimedOut(connection);
        }
    }

    @Test
    void a_body_slower_than_the_minimum_rate_is_cut_off() {
        try (RawConnection connection = connect()) {
            connection.send("POST /v1/auth/challenge HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n");
            boolean closed = false;
            // 10 bytes every 100 ms never stalls for the body timeout, but is far under 4096 bytes a second.
            for (int i = 0; i < 300 && !closed; i++) {
                closed = !connection.send("          ") || connection.closedWithin(100);
            }
            assertThat(closed).as("closed while the body was still trickling").isTrue();
        }
    }

    @Test
    void an_idle_kept_alive_connection_is_closed_after_its_response() {
        try (RawConnection connection = connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: node\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(200);
            connection.send("GET /healthz HTTP/1.1\r\nHost: node\r\n\r\n");
            assertThat(connection.readResponse().status()).as("kept alive for a next request").isEqualTo(200);
            assertThat(connection.closedWithin(CLOSE_WITHIN_MS)).isTrue();
        }
    }

    @Test
    void a_request_that_pauses_within_the_deadlines_is_served() throws InterruptedException {
        String body = "{\"did\":\"" + Ed25519.KeyPair.generate().did() + "\"}";
        try (RawConnection connection = connect()) {
            connection.send("POST /v1/auth/challenge HTTP/1.1\r\nHost: node\r\n");
            Thread.sleep(200);
            connection.send("Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n");
            Thread.sleep(300);
            connection.send(body.substring(0, 10));
            Thread.sleep(300);
            connection.send(body.substring(10));
            RawConnection.Response response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("challenge").asString()).isNotBlank();
        }
    }
}
