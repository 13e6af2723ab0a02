package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;

/** No request body may produce a 5xx or take the node down (§5 "What bad input gets"). */
class RequestFuzzIT {
    static final List<String> POSTS = List.of("/v1/auth/challenge", "/v1/auth/token", "/v1/intents",
            "/v1/pouw/jobs/claim", "/v1/pouw/jobs/00112233445566778899aabbccddeeff/renew",
            "/v1/pouw/jobs/00112233445566778899aabbccddeeff/submit",
            "/v1/pouw/jobs/00112233445566778899aabbccddeeff/fail", "/v1/ledger/transfers",
            "/v1/pouw/dead-letter/00112233445566778899aabbccddeeff/retry",
            "/v1/pouw/jobs/00112233445566778899aabbccddeeff/commit", "/v1/ml/tasks", "/v1/ml/datasets");
    static final List<String> FIELDS = List.of("did", "challenge", "signature", "program", "inputs", "max_steps",
            "tier", "fee", "kinds", "tiers", "max_jobs", "lease_ms", "lease_token", "extend_ms", "proof", "reason",
            "to", "amount", "idempotency_key", "commitment", "task", "train_blob", "held_out_blob");

    static RunningNode node;
    static String token;

    @BeforeContainer
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("pouw-fuzz");
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=100"), new SettableClock(1_000_000));
        token = node.signIn(client);
    }

    @AfterContainer
    static void stop() {
        node.close();
    }

    @Provide
    Arbitrary<String> path() {
        return Arbitraries.of(POSTS);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> RunningNode.JSON.writeValueAsString(s)),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("null", "true", "[]", "{}", "[1,\"a\",null]", "1e999", "-0", "\"\\u0000\"",
                        "18446744073709551616", "{\"a\":{\"b\":[]}}", "\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\""));
        return Arbitraries.maps(Arbitraries.of(FIELDS), values).ofMaxSize(6).map(map -> {
            StringBuilder json = new StringBuilder("{");
            map.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(v));
            return json.append('}').toString();
        });
    }

    @Property(tries = 300)
    void structuredGarbageNeverCausesA5xx(@ForAll("path") String path, @ForAll("jsonish") String body,
                                          @ForAll boolean authenticated) {
        int status = node.post(path, body, authenticated ? token : null).status();
        assertThat(status).as(path + " " + body).isBetween(200, 499);
    }

    @Property(tries = 200)
    void rawUploadsNeverCauseA5xx(@ForAll boolean dataset, @ForAll byte[] bytes) {
        String path = dataset ? "/v1/ml/datasets" : "/v1/pouw/jobs/00112233445566778899aabbccddeeff/submit";
        int status = node.send(HttpRequest.newBuilder(URI.create(node.base + path))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .header("Pouw-Lease-Token", "t").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)))
                .status();
        assertThat(status).isBetween(200, 499);
    }

    @Property(tries = 200)
    void rawBytesNeverCauseA5xx(@ForAll("path") String path, @ForAll byte[] bytes) {
        int status = node.post(path, new String(bytes, StandardCharsets.ISO_8859_1), token).status();
        assertThat(status).isBetween(200, 499);
        assertThat(node.get("/healthz").status()).isEqualTo(200);
    }
}
