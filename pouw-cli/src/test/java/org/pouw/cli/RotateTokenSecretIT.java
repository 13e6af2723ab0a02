package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.AuthApi;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.KeyFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 25, defect 8: {@code pouw node rotate-token-secret} rotates the secret of a real {@code pouw node start}
 * process on its host, without a restart. A token and a sign-in challenge issued before the swap still pass during
 * the overlap, a token issued after it passes throughout, and once the old secret is retired the old token and
 * challenge are refused. Bad input — a missing data folder, no node running, a secret others may read, retiring too
 * early — is one clear error and leaves every file as it was.
 */
class RotateTokenSecretIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    Process node;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null && node.isAlive()) {
            node.destroy();
            node.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_running_node_swaps_to_a_new_secret_keeps_the_old_for_the_overlap_and_refuses_it_once_retired()
            throws Exception {
        Path data = dir.resolve("data");
        CliProcess.Result nowhere = rotate("--data-dir", "nowhere");
        assertThat(nowhere.exit()).as(nowhere.out()).isEqualTo(ExitCodes.CONFIG);
        assertThat(error(nowhere)).contains("data_dir").contains("nowhere");
        assertThat(dir.resolve("nowhere")).doesNotExist();

        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--port", String.valueOf(port),
                "--data-dir", "data");
        await().atMost(CliProcess.timeout()).ignoreExceptions().until(() -> status(url + "/healthz", null) == 200);
        Map<String, String> steady = secretFiles(data);
        assertThat(steady).containsOnlyKeys("token.secret");

        try (PouwClient admin = new PouwClient(URI.create(url), KeyFile.load(data.resolve("admin.key")),
                Duration.ofSeconds(30), Clock.system())) {
            String before = admin.auth().signIn().token();
            AuthApi.AuthChallenge challengeBefore = admin.auth().challenge();
            AuthApi.AuthChallenge challengeForLater = admin.auth().challenge();
            String oldSecret = fingerprints(url, before).path("issuing").asString();

            // A secret others may read is refused before anything is written.
            Files.setPosixFilePermissions(data.resolve("token.secret"), PosixFilePermissions.fromString("rw-r--r--"));
            CliProcess.Result open = rotate("--data-dir", "data");
            assertThat(open.exit()).as(open.out()).isEqualTo(ExitCodes.CONFIG);
            assertThat(error(open)).contains("bad_permissions").contains("token.secret").contains("rw-r--r--");
            Files.setPosixFilePermissions(data.resolve("token.secret"), PosixFilePermissions.fromString("rw-------"));
            assertThat(secretFiles(data)).isEqualTo(steady);

            CliProcess.Result swap = rotate("--data-dir", "data");
            assertThat(swap.exit()).as(swap.out() + swap.err()).isZero();
            JsonNode swapped = JSON.readTree(swap.out());
            assertThat(swapped.path("step").asString()).isEqualTo("swap");
            assertThat(swapped.path("stage").asString()).isEqualTo("swapped");
            assertThat(swapped.path("accepted").asString()).isEqualTo(oldSecret);
            String newSecret = swapped.path("issuing").asString();
            assertThat(newSecret).isNotEqualTo(oldSecret).hasSize(16);
            assertThat(secretFiles(data)).containsOnlyKeys("token.secret", "token.secret.accepted",
                    "token.secret.rotation");
            assertThat(Files.readAllBytes(data.resolve("token.secret.accepted")))
                    .as("the old secret, kept to be accepted").isEqualTo(hex(steady.get("token.secret")));
            for (String file : new String[] {"token.secret", "token.secret.accepted", "token.secret.rotation"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file))))
                        .as(file).isEqualTo("rw-------");
            }

            // The overlap: what was issued before the swap still passes, and the node issues with the new secret.
            assertThat(fingerprints(url, before).path("issuing").asString()).isEqualTo(newSecret);
            String after = admin.auth().token(challengeBefore).token();
            assertThat(status(url + "/v1/admin/token-secrets", after)).isEqualTo(200);

            // Retiring before auth.token_ttl_ms has passed since the swap is refused, and changes nothing.
            Map<String, String> overlap = secretFiles(data);
            CliProcess.Result early = rotate("--data-dir", "data");
            assertThat(early.exit()).as(early.out()).isEqualTo(ExitCodes.REFUSED);
            assertThat(error(early)).contains("too_early").contains("--force");
            assertThat(secretFiles(data)).isEqualTo(overlap);
            assertThat(status(url + "/v1/admin/token-secrets", before)).isEqualTo(200);

            CliProcess.Result retire = rotate("--data-dir", "data", "--force");
            assertThat(retire.exit()).as(retire.out() + retire.err()).isZero();
            JsonNode retired = JSON.readTree(retire.out());
            assertThat(retired.path("step").asString()).isEqualTo("retire");
            assertThat(retired.path("accepted").isNull()).isTrue();
            assertThat(secretFiles(data)).containsOnlyKeys("token.secret");

            assertThat(status(url + "/v1/admin/token-secrets", before)).as("a token of the retired secret")
                    .isEqualTo(401);
            assertThat(status(url + "/v1/admin/token-secrets", after)).as("a token of the new secret").isEqualTo(200);
            try {
                admin.auth().token(challengeForLater);
                throw new AssertionError("a challenge of the retired secret was taken");
            } catch (NodeException refused) {
                assertThat(refused.status()).isEqualTo(401);
            }
            assertThat(status(url + "/v1/admin/token-secrets", admin.auth().signIn().token())).isEqualTo(200);
        }
        String audit = Files.readString(dir.resolve("node.log.err"));
        assertThat(audit).contains("/v1/admin/token-secrets/reload");

        // A node that is not running is not rotated, and its files stay as they are.
        node.destroy();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, String> stopped = secretFiles(data);
        CliProcess.Result notRunning = rotate("--data-dir", "data");
        assertThat(notRunning.exit()).as(notRunning.out()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(error(notRunning)).contains("not_running");
        assertThat(secretFiles(data)).isEqualTo(stopped);
    }

    private CliProcess.Result rotate(String... args) {
        String[] all = Stream.concat(Stream.of("node", "rotate-token-secret", "--json"), Stream.of(args))
                .toArray(String[]::new);
        return CliProcess.run(dir, all);
    }

    private static String error(CliProcess.Result result) {
        JsonNode error = JSON.readTree(result.out()).path("error");
        return error.path("code").asString() + ": " + error.path("message").asString();
    }

    private static int status(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode fingerprints(String url, String token) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/admin/token-secrets"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** Each token.secret* file of the folder: its bytes in hex and its mode, to show a refused step wrote nothing. */
    private static Map<String, String> secretFiles(Path data) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(data)) {
            for (Path file : listing.filter(f -> f.getFileName().toString().startsWith("token.secret")).toList()) {
                files.put(file.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(file)) + " "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
        return files;
    }

    private static byte[] hex(String entry) {
        return HexFormat.of().parseHex(entry.substring(0, entry.indexOf(' ')));
    }
}
