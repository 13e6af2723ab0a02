package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.pool.share.ShareHeader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 23 §2 over real processes: {@code pouw node start}, {@code pouw pool start} with a plaintext Stratum port on
 * loopback and a TLS port, and a Stratum miner the project's Java did not write — clients/python/
 * pouw_stratum_miner.py, standard library only, written from docs/pool.md §3a — that subscribes, authorizes with its
 * did:key, builds coinbase and header from {@code mining.notify}, grinds double SHA-256 and gets its shares accepted,
 * over both ports; asking for attestations, it buys {@code pool_validated} tokens at the node with them. Then the
 * attacks, by hand on the wire: a password read off one connection authorizes no other; a share in another miner's
 * name or on another connection's job is refused; an accepted share sent again, also in upper-case hex, is a
 * duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StratumIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String POOL = "pool-1";
    private static final String AUDIENCE = "node-a";
    private static final Path CLIENT = Path.of("..", "clients", "python", "pouw_stratum_miner.py").toAbsolutePath()
            .normalize();

    @TempDir
    static Path dir;
    private Process node;
    private Process pool;
    private String poolUrl;
    private String nodeUrl;
    private int stratumPort;
    private int tlsPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void startNodeAndPool() throws Exception {
        Ed25519.KeyPair poolKey = Ed25519.KeyPair.generate();
        KeyFile.create(dir.resolve("pool.key"), poolKey);
        makeTlsKeyStore();
        int nodePort = CliProcess.freePort();
        nodeUrl = "http://127.0.0.1:" + nodePort;
        int poolPort = CliProcess.freePort();
        poolUrl = "http://127.0.0.1:" + poolPort;
        stratumPort = CliProcess.freePort();
        tlsPort = CliProcess.freePort();
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(nodePort), "--data-dir", "data", "--set", "tokens.audience=" + AUDIENCE,
                "--set", "pools.trusted=" + POOL + "=" + HexFormat.of().formatHex(poolKey.publicKey()),
                "--set", "pools.min_share_bits=8");
        await().atMost(CliProcess.timeout()).until(() -> healthy(nodeUrl));
        pool = CliProcess.start(dir, dir.resolve("pool.log"), "pool", "start", "--node", nodeUrl, "--key",
                "pool.key", "--name", POOL, "--port", String.valueOf(poolPort), "--data-dir", "pooldata",
                "--stratum-port", String.valueOf(stratumPort), "--stratum-tls-port", String.valueOf(tlsPort),
                "--stratum-tls-keystore", "pool.p12", "--stratum-tls-password-file", "pool.p12.password");
        await().atMost(CliProcess.timeout()).until(() -> healthy(poolUrl));
    }

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool; the miner trusts its PEM. */
    private static void makeTlsKeyStore() throws Exception {
        Path keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool");
        Files.writeString(dir.resolve("pool.p12.password"), "stratum-test\n");
        run(dir, keytool.toString(), "-genkeypair", "-alias", "pool", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", "pool.p12",
                "-storetype", "PKCS12", "-storepass", "stratum-test", "-keypass", "stratum-test");
        run(dir, keytool.toString(), "-exportcert", "-rfc", "-alias", "pool", "-keystore", "pool.p12",
                "-storepass", "stratum-test", "-file", "pool-cert.pem");
    }

    @AfterAll
    void stop() throws Exception {
        for (Process process : new Process[] {pool, node}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @Test
    void thePythonMinersSharesAreAcceptedOverPlaintextAndOverTls() throws Exception {
        long before = sharesAccepted();
        Path seed = seedFile("python-miner.seed");
        List<JsonNode> plain = python("--port", String.valueOf(stratumPort), "--seed-file", seed.toString(),
                "--pool-name", POOL, "--worker", "rig1", "--shares", "3", "--timeout", "60");
        assertThat(plain.stream().filter(e -> e.path("event").asString().equals("accepted"))).hasSize(3);
        assertThat(plain.getLast().path("rejected").asInt()).isZero();
        // Another miner over TLS: the first one's three quick shares raised its vardiff difficulty at once (by
        // design), to minutes of grinding for a Python miner on a loaded machine.
        List<JsonNode> tls = python("--port", String.valueOf(tlsPort), "--tls", "--cafile",
                dir.resolve("pool-cert.pem").toString(), "--seed-file", seedFile("python-tls-miner.seed").toString(),
                "--pool-name", POOL,
                "--shares", "2", "--timeout", "60");
        assertThat(tls.stream().filter(e -> e.path("event").asString().equals("accepted"))).hasSize(2);
        assertThat(sharesAccepted() - before).as("the pool's own count").isEqualTo(5);
    }

    /**
     * A miner that asks for attestations over Stratum ({@code mining.configure} with {@code pouw-attestation}) gets
     * one per accepted share and buys a {@code pool_validated} token at the node with each, once; another key can
     * not buy one with the miner's attestation.
     */
    @Test
    void stratumSharesAttestedByThePoolBuyPoolValidatedTokensForTheirMinerOnly() throws Exception {
        Path seed = seedFile("attested-miner.seed");
        Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(HexFormat.of().parseHex(Files.readString(seed)
                .strip()));
        List<JsonNode> events = python("--port", String.valueOf(stratumPort), "--seed-file", seed.toString(),
                "--pool-name", POOL, "--shares", "2", "--attest", "--timeout", "60");
        JsonNode configured = events.stream().filter(e -> e.path("event").asString().equals("configured"))
                .findFirst().orElseThrow();
        assertThat(configured.path("audience").asString()).isEqualTo(AUDIENCE);
        List<JsonNode> attestations = events.stream().filter(e -> e.path("event").asString().equals("attestation"))
                .map(e -> e.path("attestation")).toList();
        assertThat(attestations).as("one per accepted share").hasSize(2);

        JsonNode first = attestations.getFirst();
        assertThat(first.path("miner").asString()).isEqualTo(miner.did().toString());
        HttpResponse<String> stolen = postToNode("/v1/tokens", PoolTokenRequests.withAttestation(
                Ed25519.KeyPair.generate(), first, AUDIENCE));
        assertThat(stolen.statusCode()).as("another key presenting the miner's attestation: " + stolen.body())
                .isBetween(400, 499);
        for (JsonNode attestation : attestations) {
            HttpResponse<String> token = postToNode("/v1/tokens", PoolTokenRequests.withAttestation(miner,
                    attestation, AUDIENCE));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(JSON.readTree(token.body()).path("mode").asString()).isEqualTo("pool_validated");
            assertThat(JSON.readTree(token.body()).path("sub").asString()).isEqualTo(miner.did().toString());
        }
        HttpResponse<String> replay = postToNode("/v1/tokens", PoolTokenRequests.withAttestation(miner, first,
                AUDIENCE));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
    }

    @Test
    void aHijackedAuthorizationAnotherMinersNameOrJobAndAReplayedShareAreRefused() throws Exception {
        Ed25519.KeyPair victim = Ed25519.KeyPair.generate();
        Ed25519.KeyPair thief = Ed25519.KeyPair.generate();
        String victimUser = victim.did().toString();
        try (Wire victims = new Wire(stratumPort); Wire thiefs = new Wire(stratumPort)) {
            String victimsPassword = password(victim, victims.extranonce1, victimUser);
            assertThat(thiefs.call("mining.authorize", victimUser, password(victim, victims.extranonce1,
                    victimUser)).path("error").path(0).asInt()).as("a password read off another connection")
                    .isEqualTo(24);
            assertThat(victims.call("mining.authorize", victimUser, victimsPassword).path("result").asBoolean())
                    .isTrue();
            String thiefUser = thief.did().toString();
            assertThat(thiefs.call("mining.authorize", thiefUser, password(thief, thiefs.extranonce1, thiefUser))
                    .path("result").asBoolean()).isTrue();

            JsonNode job = victims.nextJob();
            String nonce = victims.grind(job, "0000000a");
            assertThat(thiefs.call("mining.submit", victimUser, job.path(0).asString(), "0000000a",
                    job.path(7).asString(), nonce).path("error").path(0).asInt()).as("another miner's name")
                    .isEqualTo(24);
            assertThat(thiefs.call("mining.submit", thiefUser, job.path(0).asString(), "0000000a",
                    job.path(7).asString(), nonce).path("error").path(0).asInt()).as("another connection's job")
                    .isEqualTo(21);
            JsonNode accepted = victims.call("mining.submit", victimUser, job.path(0).asString(), "0000000a",
                    job.path(7).asString(), nonce);
            assertThat(accepted.path("result").asBoolean()).as(accepted.toString()).isTrue();
            assertThat(victims.call("mining.submit", victimUser, job.path(0).asString(), "0000000A",
                    job.path(7).asString().toUpperCase(Locale.ROOT), nonce.toUpperCase(Locale.ROOT))
                    .path("error").path(0).asInt()).as("the same header in upper-case hex").isEqualTo(22);
        }
    }

    private String password(Ed25519.KeyPair key, String extranonce1, String user) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(("pouw-stratum-authorize-v1:" + POOL
                + ":" + extranonce1 + ":" + user).getBytes(StandardCharsets.UTF_8)));
    }

    private static Path seedFile(String name) throws IOException {
        byte[] seed = new byte[32];
        new java.security.SecureRandom().nextBytes(seed);
        Path file = dir.resolve(name);
        Files.writeString(file, HexFormat.of().formatHex(seed) + "\n");
        return file;
    }

    /** Runs the Python miner to its end and returns its JSON lines; it must exit 0 (every share asked accepted). */
    private static List<JsonNode> python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", CLIENT.toString(), "--host", "127.0.0.1"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "python", ".out");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the Python miner finished").isTrue();
        String text = Files.readString(out);
        assertThat(process.exitValue()).as(text).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : text.lines().toList()) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static void run(Path workDir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private HttpResponse<String> postToNode(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(nodeUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long sharesAccepted() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(poolUrl + "/pool/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("shares_accepted").asLong();
    }

    private boolean healthy(String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** A raw Stratum connection for the attacks, subscribed; notifications are kept in arrival order. */
    private static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private final List<JsonNode> notes = new ArrayList<>();
        private int nextId = 1;
        private long difficulty;
        final String extranonce1;

        Wire(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            extranonce1 = call("mining.subscribe").path("result").path(1).asString();
        }

        JsonNode call(String method, String... params) throws IOException {
            int id = nextId++;
            var request = JSON.createObjectNode().put("id", id).put("method", method);
            var array = request.putArray("params");
            for (String param : params) {
                array.add(param);
            }
            out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonNode message = JSON.readTree(in.readLine());
                if (message.path("id").isIntegralNumber() && message.path("id").asInt() == id) {
                    return message;
                }
                keep(message);
            }
        }

        private void keep(JsonNode message) {
            if (message.path("method").asString("").equals("mining.set_difficulty")) {
                difficulty = message.path("params").path(0).asLong();
            }
            notes.add(message);
        }

        JsonNode nextJob() throws IOException {
            while (notes.stream().noneMatch(n -> n.path("method").asString("").equals("mining.notify"))) {
                keep(JSON.readTree(in.readLine()));
            }
            return notes.stream().filter(n -> n.path("method").asString("").equals("mining.notify")).findFirst()
                    .orElseThrow().path("params");
        }

        /** The first nonce meeting the announced difficulty for this job and extranonce2, as 8 hex digits. */
        String grind(JsonNode job, String extranonce2) {
            HexFormat hex = HexFormat.of();
            byte[] coinbase = (job.path(2).asString() + extranonce1 + extranonce2 + job.path(3).asString())
                    .transform(hex::parseHex);
            byte[] swapped = hex.parseHex(job.path(1).asString());
            byte[] prev = new byte[32];
            for (int i = 0; i < 32; i++) {
                prev[i] = swapped[(i & ~3) + 3 - (i & 3)];
            }
            ByteBuffer header = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(Integer.parseUnsignedInt(job.path(5).asString(), 16)).put(prev)
                    .put(ShareHeader.merkleRoot(coinbase, List.of()))
                    .putInt(Integer.parseUnsignedInt(job.path(7).asString(), 16))
                    .putInt(Integer.parseUnsignedInt(job.path(6).asString(), 16)).putInt(0);
            byte[] bytes = header.array();
            for (int nonce = 0; ; nonce++) {
                ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
                if (ShareHeader.hashValue(ShareHeader.sha256d(bytes)).compareTo(ShareHeader.target(difficulty)) <= 0) {
                    return String.format("%08x", nonce);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
