package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;

/**
 * Issue 18, defect 4, as the attack: a transfer body naming {@code to} twice once paid the second recipient (a
 * checker reading the first saw another). Over real HTTP it is now a 400 naming {@code to}, and nobody is paid.
 */
class DuplicateKeyTransferTest {
    @TempDir
    Path dir;

    final Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
    final String bogus = Ed25519.KeyPair.generate().did().toString();
    final String real = Ed25519.KeyPair.generate().did().toString();
    RunningNode node;
    String token;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", payer.did() + "=1000"), new SettableClock(1_700_000_000_000L));
        token = node.signIn(payer);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    long balance(String did) {
        return node.get("/v1/ledger/accounts/" + did).json().path("balance").asLong();
    }

    @Test
    void a_transfer_naming_to_twice_is_refused_and_pays_nobody() {
        RunningNode.Reply twice = node.post("/v1/ledger/transfers", "{\"to\":\"" + bogus + "\",\"to\":\"" + real
                + "\",\"amount\":100,\"idempotency_key\":\"dup-1\"}", token);
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.code()).isEqualTo("invalid_request");
        assertThat(twice.field()).isEqualTo("to");

        RunningNode.Reply escaped = node.post("/v1/ledger/transfers", "{\"to\":\"" + bogus + "\",\"\\u0074o\":\""
                + real + "\",\"amount\":100,\"idempotency_key\":\"dup-2\"}", token);
        assertThat(escaped.status()).isEqualTo(400);
        assertThat(escaped.field()).isEqualTo("to");

        RunningNode.Reply amountTwice = node.post("/v1/ledger/transfers", "{\"to\":\"" + real
                + "\",\"amount\":1,\"amount\":900,\"idempotency_key\":\"dup-3\"}", token);
        assertThat(amountTwice.status()).isEqualTo(400);
        assertThat(amountTwice.field()).isEqualTo("amount");

        assertThat(balance(payer.did().toString())).isEqualTo(1000);
        assertThat(balance(bogus)).isZero();
        assertThat(balance(real)).isZero();

        RunningNode.Reply honest = node.post("/v1/ledger/transfers", "{\"to\":\"" + real
                + "\",\"amount\":100,\"idempotency_key\":\"ok\"}", token);
        assertThat(honest.status()).as("the same transfer written once goes through").isEqualTo(200);
        assertThat(balance(real)).isEqualTo(100);
    }
}
