package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18, defect 6: errors the HTTP layer answers itself — before any endpoint runs — carry the documented
 * {@code {"error":{"code","message"}}} JSON with its Content-Type, and an oversized header is 431, not 400. Each
 * request is written byte for byte on its own connection.
 */
class EdgeErrorsTest {
    @TempDir
    static Path dir;

    static RunningNode node;

    @BeforeAll
    static void start() {
        node = new RunningNode(dir, Map.of(), new SettableClock(1_700_000_000_000L));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static RawConnection.Response answer(String request) {
        try (RawConnection connection = new RawConnection(node.node.port())) {
            connection.send(request);
            RawConnection.Response response = connection.readResponse();
            assertThat(response).as("a response to %s", request.lines().findFirst().orElse("")).isNotNull();
            return response;
        }
    }

    static void assertJsonError(RawConnection.Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode error = response.json().path("error");
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("message").asString()).isNotBlank();
    }

    @Test
    void an_oversized_header_is_431_with_a_json_error() {
        assertJsonError(answer("GET /healthz HTTP/1.1\r\nHost: node\r\nX-Filler: " + "a".repeat(17_000)
                + "\r\n\r\n"), 431, "header_too_large");
    }

    @Test
    void an_overlong_request_line_is_414_with_a_json_error() {
        assertJsonError(answer("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: node\r\n\r\n"), 414,
                "uri_too_long");
    }

    @Test
    void http_1_0_is_505_with_a_json_error() {
        assertJsonError(answer("GET /healthz HTTP/1.0\r\n\r\n"), 505, "http_version_not_supported");
    }

    @Test
    void malformed_requests_are_400_with_a_json_error() {
        assertJsonError(answer("NONSENSE\r\n\r\n"), 400, "malformed_request");
        assertJsonError(answer("GET /healthz HTTP/1.1\r\n\r\n"), 400, "malformed_request");
        assertJsonError(answer("GET /healthz HTTP/1.1\r\nHost: node\r\nno colon here\r\n\r\n"), 400,
                "malformed_request");
        assertJsonError(answer("POST /v1/auth/challenge HTTP/1.1\r\nHost: node\r\nContent-Length: 2\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n{}"), 400, "malformed_request");
        assertJsonError(answer("POST /v1/auth/challenge HTTP/1.1\r\nHost: node\r\nContent-Length: x\r\n\r\n"),
                400, "malformed_request");
    }

    @Test
    void an_unsupported_transfer_encoding_is_501_with_a_json_error() {
        assertJsonError(answer("POST /v1/auth/challenge HTTP/1.1\r\nHost: node\r\n"
                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"), 501, "not_implemented");
    }

    @Test
    void an_unknown_route_stays_a_json_404() {
        assertJsonError(answer("GET /nowhere HTTP/1.1\r\nHost: node\r\n\r\n"), 404, "not_found");
    }
}
