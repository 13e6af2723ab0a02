package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.auth.Tokens;
import org.pouw.node.logs.LogFormat;

/**
 * Issue 25 §1: secrets never reach the logs. A node runs with a storage password (as a file), a token secret and an
 * admin key, with every logger of the process — the node's, Helidon's, the JDK's — at ALL; it is signed in to, paid
 * through, asked for partner keys and tokens and refused things; then the whole log is searched for every secret in
 * every spelling it could be written in.
 */
class SecretsStayOutOfLogsTest {
    @TempDir
    Path dir;

    @Test
    void no_secret_set_or_issued_appears_anywhere_in_the_log_even_with_every_logger_at_all() throws Exception {
        Path secretFile = dir.resolve("token.secret");
        Tokens.createSecret(secretFile);
        byte[] tokenSecret = Files.readAllBytes(secretFile);
        String password = "pw-" + HexFormat.of().formatHex(Ed25519.KeyPair.generate().publicKey());
        Path passwordFile = dir.resolve("storage.password");
        Files.writeString(passwordFile, password + "\n");
        Ed25519.KeyPair payer = Ed25519.KeyPair.generate();

        Logger root = Logger.getLogger("");
        Logger pouw = Logger.getLogger("org.pouw");
        Level rootBefore = root.getLevel();
        List<String> secrets = new ArrayList<>();
        String logText;
        try (CapturedLog log = new CapturedLog(LogFormat.JSON, Clock.system())) {
            root.setLevel(Level.ALL);
            pouw.setLevel(Level.ALL);
            try (RunningNode node = new RunningNode(dir.resolve("node"), Map.of("gate.enabled", "true",
                    "auth.token_secret_file", secretFile.toString(), "storage.password_file", passwordFile.toString(),
                    "genesis", payer.did() + "=1000", "log.access_sample_every", "1"), Clock.system())) {
                String admin = node.signIn(node.node.adminKey());
                String paying = node.signIn(payer);
                secrets.add(admin);
                secrets.add(paying);
                secrets.add(HexFormat.of().formatHex(node.node.adminKey().privateKey()));
                secrets.add(HexFormat.of().formatHex(payer.privateKey()));

                node.post("/v1/ledger/transfers", "{\"to\":\"" + Ed25519.KeyPair.generate().did()
                        + "\",\"amount\":10,\"idempotency_key\":\"k1\"}", paying);
                node.post("/v1/ledger/transfers", "{\"to\":\"nobody\",\"amount\":10,\"idempotency_key\":\"k2\"}",
                        paying);
                node.post("/v1/admin/partners", "{\"partner\":\"acme\",\"tokens_per_interval\":5,\"interval_ms\":"
                        + "60000}", admin);
                RunningNode.Reply issued = node.post("/v1/admin/partners/acme/keys", "{}", admin);
                String partnerKey = issued.json().path("key").asString();
                assertThat(partnerKey).startsWith("pouwpk_");
                secrets.add(partnerKey);
                secrets.add(partnerKey.substring("pouwpk_".length() + 13)); // its secret, which may itself hold a '_'
                RunningNode.Reply accessToken = node.post("/v1/tokens", "{\"mode\":\"partner\",\"partner_key\":\""
                        + partnerKey + "\"}", null);
                assertThat(accessToken.status()).isEqualTo(200);
                String token = accessToken.json().path("token").asString();
                secrets.add(token);
                node.get("/v1/pouw/system/status", token);
                node.post("/v1/tokens", "{\"mode\":\"partner\",\"partner_key\":\"" + partnerKey + "x\"}", null);
                node.post("/v1/admin/partners", "{}", paying);
                node.get("/v1/pouw/jobs/pending?token=" + paying);
                String lastId = node.post("/v1/admin/log-level", "{\"logger\":\"org.pouw\",\"level\":\"all\"}", admin)
                        .headers().get("x-request-id").get(0);
                log.awaitOne(line -> line.path("logger").asString("").equals("org.pouw.audit")
                        && line.path("request_id").asString("").equals(lastId));
            }
            logText = log.text();
            assertThat(log.json()).as("the log parses, line by line").isNotEmpty();
        } finally {
            root.setLevel(rootBefore);
        }
        secrets.add(password);
        secrets.add(HexFormat.of().formatHex(tokenSecret));
        secrets.add(Base64.getEncoder().encodeToString(tokenSecret));
        secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(tokenSecret));
        secrets.add(new String(tokenSecret, StandardCharsets.ISO_8859_1));

        // The search can fail: the log holds the requests, the callers and the audit of what they did.
        assertThat(logText).contains(payer.did().toString()).contains("ledger.transfer")
                .contains("/v1/admin/partners/{partner}/keys").contains("/v1/tokens");
        for (String secret : secrets) {
            assertThat(secret).hasSizeGreaterThan(12);
            assertThat(logText).as("a secret in the log").doesNotContain(secret);
        }
    }
}
