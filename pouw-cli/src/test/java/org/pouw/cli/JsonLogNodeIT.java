package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acceptance for issue 25 §1 as an operator runs it: {@code pouw node start --log-format json} as its own process,
 * with a storage password file; the access log, a transfer made by the {@code pouw send} process on the audit log
 * citing its ledger entry, the access log switched off by {@code pouw node log-level}; then the process's whole stderr
 * parsed line by line, and searched for the password, the token secret and the keys.
 */
class JsonLogNodeIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Process node;

    @AfterEach
    void stop() {
        if (node != null && node.isAlive()) {
            node.destroyForcibly();
        }
    }

    static String get(String url) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                .build(), HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue("X-Request-Id").orElseThrow();
    }

    @Test
    void a_node_process_logs_json_lines_audits_a_transfer_changes_a_level_and_leaks_no_secret() throws Exception {
        String password = "pw-" + HexFormat.of().formatHex(KeyFile.class.getName().getBytes(StandardCharsets.UTF_8))
                + System.nanoTime();
        Files.writeString(dir.resolve("pw.txt"), password + "\n");
        Ed25519.KeyPair clientKey = Ed25519.KeyPair.generate();
        KeyFile.create(dir.resolve("client.key"), clientKey);
        String client = clientKey.did().toString();
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--log-format", "json", "--mode",
                "remote", "--port", String.valueOf(port), "--data-dir", "data", "--set", "log.access_sample_every=1",
                "--set", "storage.password_file=pw.txt", "--set", "genesis=" + client + "=1000");
        await().atMost(CliProcess.timeout()).ignoreExceptions().until(() -> !get(url + "/healthz").isEmpty());

        String heard = get(url + "/v1/pouw/system/status");
        CliProcess.Result sent = CliProcess.run(dir, "send", "--node", url, "--key", "client.key", "--to",
                "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "--amount", "25", "--json");
        assertThat(sent.exit()).as(sent.out() + sent.err()).isZero();
        long seq = JSON.readTree(sent.out()).path("entry").path("seq").asLong();
        CliProcess.Result off = CliProcess.run(dir, "node", "log-level", "org.pouw.access", "off", "--node", url,
                "--key", "data/admin.key", "--json");
        assertThat(off.exit()).as(off.out() + off.err()).isZero();
        String quiet = get(url + "/v1/pouw/system/status");

        node.destroy();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(dir.resolve("node.log.err"), StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (!line.isBlank()) {
                JsonNode parsed = JSON.readTree(line);
                assertThat(parsed.isObject() && parsed.has("time") && parsed.has("level") && parsed.has("logger")
                        && parsed.has("message")).as("a JSON log line: " + line).isTrue();
                lines.add(parsed);
            }
        }
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("logger").asString()).isEqualTo("org.pouw.access");
            assertThat(line.path("request_id").asString()).isEqualTo(heard);
        });
        assertThat(lines).noneSatisfy(line -> assertThat(line.path("request_id").asString()).isEqualTo(quiet));
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("logger").asString()).isEqualTo("org.pouw.audit");
            assertThat(line.path("did").asString()).isEqualTo(client);
            assertThat(line.path("audit").path("action").asString()).isEqualTo("ledger.transfer");
            assertThat(line.path("audit").path("ledger_entry_ids").get(0).asLong()).isEqualTo(seq);
        });
        assertThat(lines).anySatisfy(line -> assertThat(line.path("audit").path("details").path("logger")
                .asString()).isEqualTo("org.pouw.access"));

        byte[] secret = Files.readAllBytes(dir.resolve("data").resolve("token.secret"));
        String everything = stderr + Files.readString(dir.resolve("node.log"), StandardCharsets.UTF_8);
        for (String leak : List.of(password, HexFormat.of().formatHex(secret),
                Base64.getEncoder().encodeToString(secret), Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(secret),
                HexFormat.of().formatHex(KeyFile.load(dir.resolve("data").resolve("admin.key")).privateKey()),
                HexFormat.of().formatHex(KeyFile.load(dir.resolve("client.key")).privateKey()))) {
            assertThat(everything).as("a secret in the node's output").doesNotContain(leak);
        }
    }
}
