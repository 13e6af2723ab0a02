package org.pouw.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.config.ConfigLoader;
import org.pouw.node.config.NodeConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real node on a real SQLite file, listening on a free loopback port, and a raw HTTP client to poke it with:
 * tests see exactly the statuses and bodies a remote caller would.
 */
final class RunningNode implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    final PouwNode node;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String base;

    RunningNode(Path dataDir, Map<String, String> settings, Clock clock) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data_dir", dataDir.toString());
        overrides.put("http.port", "0");
        overrides.put("pouw_mode", "remote");
        overrides.put("market.reaper_interval_ms", "3600000");
        // Most tests here run on a settable clock far from the database's, which the gate's start-up check refuses
        // (issue 21 §5); the gate's own tests turn it on with the system clock.
        overrides.put("gate.enabled", "false");
        overrides.putAll(settings);
        NodeConfig config = ConfigLoader.load(null, Map.of(), overrides);
        node = PouwNode.start(config, clock);
        base = "http://127.0.0.1:" + node.port();
    }

    record Reply(int status, JsonNode json, byte[] bytes, Map<String, java.util.List<String>> headers) {
        String code() {
            return json.path("error").path("code").asString("");
        }

        String field() {
            return json.path("error").path("field").asString("");
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET());
    }

    Reply post(String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    Reply post(String path, JsonNode body, String token) {
        return post(path, JSON.writeValueAsString(body), token);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json;
            try {
                json = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                json = JSON.createObjectNode();
            }
            return new Reply(response.statusCode(), json, response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The full challenge → signature → token exchange. */
    String signIn(Ed25519.KeyPair key) {
        String did = key.did().toString();
        Reply challenge = post("/v1/auth/challenge", JSON.createObjectNode().put("did", did), null);
        String text = challenge.json().path("challenge").asString();
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.sign(("pouw-auth-v1:" + text).getBytes(StandardCharsets.UTF_8)));
        Reply token = post("/v1/auth/token", JSON.createObjectNode().put("did", did).put("challenge", text)
                .put("signature", signature), null);
        if (token.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + token.status() + " " + token.json());
        }
        return token.json().path("token").asString();
    }

    @Override
    public void close() {
        node.close();
    }
}
