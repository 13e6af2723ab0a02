package org.pouw.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.Clock;
import org.pouw.core.SettableClock;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

/** Sign-in, bearer tokens and error mapping: the HTTP under every API area, against a scripted server. */
class ConnectionIT {
    private static final String POOL = "/v1/pouw/pool";
    private static final String TRANSFER = "/v1/ledger/transfers";
    private static final String TRANSFERRED = "{\"entry\":{\"seq\":4},\"balance\":90}";

    private final Ed25519.KeyPair key = Ed25519.KeyPair.generate();
    private StubNode node;
    private PouwClient client;

    @BeforeEach
    void start() throws Exception {
        node = new StubNode();
        client = new PouwClient(node.uri(), key, Duration.ofSeconds(5), Clock.system());
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void authSignatureIsEd25519OverThePrefixedChallengeInUnpaddedBase64url() {
        String signature = AuthSignature.sign(key, "abc-123");
        assertThat(signature).doesNotContain("=", "+", "/").hasSize(86);
        byte[] raw = Base64.getUrlDecoder().decode(signature);
        byte[] message = "pouw-auth-v1:abc-123".getBytes(StandardCharsets.UTF_8);
        assertThat(DidKey.parse(key.did().toString()).verify(message, raw)).isTrue();
        assertThat(DidKey.parse(key.did().toString()).verify("abc-123".getBytes(StandardCharsets.UTF_8), raw))
                .isFalse();
    }

    @Test
    void signsInWithASignatureTheNodeVerifiesAndSendsTheBearerToken() {
        AuthToken token = client.auth().signIn();
        assertThat(token.token()).isEqualTo("t-1");
        assertThat(token.expiresAtMs()).isGreaterThan(System.currentTimeMillis());
        assertThat(node.received("POST", "/v1/auth/challenge").getFirst().json().path("did").asString())
                .isEqualTo(client.did());

        node.answer("POST " + TRANSFER, 200, TRANSFERRED);
        client.ledger().transfer("did:key:z6MkOther", 10, "k-1");
        assertThat(node.received("POST", TRANSFER).getFirst().header("Authorization")).isEqualTo("Bearer t-2");
    }

    @Test
    void publicReadsSendNoToken() {
        node.answer("GET " + POOL, 200, "{\"balance\":5,\"reserved\":1,\"total_paid\":2,\"total_refunded\":3}");
        assertThat(client.ledger().pool().totalRefunded()).isEqualTo(3);
        assertThat(node.received("GET", POOL).getFirst().header("Authorization")).isNull();
        assertThat(node.tokensIssued()).isZero();
    }

    @Test
    void errorsCarryTheHttpStatusAndTheNodesCode() {
        assertThatThrownBy(() -> client.intents().get("ff".repeat(32)))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                    assertThat(e.getMessage()).contains("no route");
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void anErrorWithoutAJsonBodyStillHasItsStatus() {
        node.answer("GET " + POOL, request -> new StubNode.Answer(502, "<html>bad gateway</html>"));
        assertThatThrownBy(() -> client.ledger().pool()).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEmpty();
            assertThat(e.getMessage()).isEqualTo("HTTP 502 from " + POOL);
        });
    }

    @Test
    void rateLimitsAndOutagesAreTransientAndCarryRetryAfter() {
        String busy = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}";
        node.answer("GET " + POOL, request -> new StubNode.Answer(429, busy, "Retry-After", "7"));
        assertThatThrownBy(() -> client.ledger().pool()).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.isRateLimited()).isTrue();
            assertThat(e.isTransient()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
        node.answer("GET " + POOL, 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"db\"}}");
        assertThatThrownBy(() -> client.ledger().pool()).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.retryAfter()).isEmpty();
        });
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredOnTheClientsClock() {
        SettableClock clock = new SettableClock(1_700_000_000_000L);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(1_700_000_030_000L), ZoneOffset.UTC));
        node.answer("GET " + POOL, request -> new StubNode.Answer(503, "", "Retry-After", date));
        try (PouwClient timed = new PouwClient(node.uri(), key, Duration.ofSeconds(5), clock)) {
            assertThatThrownBy(() -> timed.ledger().pool()).isInstanceOfSatisfying(NodeException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
        }
    }

    @Test
    void anUnreachableNodeIsStatusZeroAndTransient() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (PouwClient nowhere = new PouwClient(URI.create("http://127.0.0.1:" + port), key,
                Duration.ofSeconds(2), Clock.system())) {
            assertThatThrownBy(() -> nowhere.system().status()).isInstanceOfSatisfying(NodeException.class, e -> {
                assertThat(e.status()).isEqualTo(NodeException.UNREACHABLE);
                assertThat(e.isTransient()).isTrue();
                assertThat(e.getMessage()).contains("unreachable");
            });
        }
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndTheCallSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        node.answer("POST " + TRANSFER, request -> calls.incrementAndGet() == 1
                ? StubNode.Answer.json(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"expired\"}}")
                : StubNode.Answer.json(200, TRANSFERRED));
        assertThat(client.ledger().transfer("did:key:z6MkOther", 10, "k-1").balance()).isEqualTo(90);
        assertThat(node.tokensIssued()).isEqualTo(2);
        assertThat(node.received("POST", TRANSFER)).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer t-1", "Bearer t-2");
    }

    @Test
    void theTokenIsRefreshedBeforeItExpires() {
        SettableClock clock = new SettableClock(System.currentTimeMillis());
        node.answer("POST " + TRANSFER, 200, TRANSFERRED);
        try (PouwClient timed = new PouwClient(node.uri(), key, Duration.ofSeconds(5), clock)) {
            timed.ledger().transfer("did:key:z6MkOther", 1, "k-1");
            timed.ledger().transfer("did:key:z6MkOther", 1, "k-2");
            assertThat(node.tokensIssued()).as("one token while it is fresh").isEqualTo(1);
            // 60 s tokens are refreshed 15 s before they run out.
            clock.advance(46_000);
            timed.ledger().transfer("did:key:z6MkOther", 1, "k-3");
            assertThat(node.tokensIssued()).isEqualTo(2);
        }
    }
}
