package org.pouw.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies posted one after another on one kept-alive connection, each answer read whole by its length. */
class KeptAliveConnectionIT {
    private StubNode node;

    @BeforeEach
    void start() throws Exception {
        node = new StubNode();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void answersFollowOneAnotherOnOneConnectionEachWithItsStatusAndBody() {
        node.answer("POST /v1/receipts", request -> request.json().path("n").asInt() % 2 == 0
                ? StubNode.Answer.json(200, "{\"status\":\"paid\",\"n\":" + request.json().path("n").asInt() + "}")
                : StubNode.Answer.json(409, "{\"error\":{\"code\":\"replayed\"}}"));
        node.answer("POST /v1/empty", request -> new StubNode.Answer(204, ""));
        try (KeptAliveConnection connection = new KeptAliveConnection(node.uri())) {
            for (int n = 0; n < 6; n++) {
                KeptAliveConnection.Answer answer = connection.send(
                        connection.request("/v1/receipts", "{\"n\":" + n + "}"));
                if (n % 2 == 0) {
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                            .isEqualTo("{\"status\":\"paid\",\"n\":" + n + "}");
                    assertThat(answer.bodyContains("\"status\":\"paid\"")).isTrue();
                } else {
                    assertThat(answer.status()).isEqualTo(409);
                    assertThat(answer.bodyContains("\"status\":\"paid\"")).isFalse();
                }
            }
            KeptAliveConnection.Answer empty = connection.send(connection.request("/v1/empty", "{}"));
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.body()).isEmpty();
        }
        assertThat(node.received("POST", "/v1/receipts")).hasSize(6)
                .extracting(r -> r.json().path("n").asInt()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aLargeAnswerIsReadWhole() {
        String big = "{\"pad\":\"" + "x".repeat(100_000) + "\"}";
        node.answer("POST /v1/big", 200, big);
        try (KeptAliveConnection connection = new KeptAliveConnection(node.uri())) {
            assertThat(new String(connection.send(connection.request("/v1/big", "{}")).body(),
                    StandardCharsets.UTF_8)).isEqualTo(big);
        }
    }

    @Test
    void aMalformedNodeAddressOrPathIsRefusedByName() {
        assertThatThrownBy(() -> new KeptAliveConnection(URI.create("https://127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node must be");
        try (KeptAliveConnection connection = new KeptAliveConnection(node.uri())) {
            assertThatThrownBy(() -> connection.request("/v1/a b", "{}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
        }
    }
}
