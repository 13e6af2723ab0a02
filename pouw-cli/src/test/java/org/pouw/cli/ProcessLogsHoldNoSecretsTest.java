package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.node.auth.Tokens;

/**
 * The check every process log goes through (issue 25 §1) can fail: each kind of secret a test hands a process,
 * leaked into a log on purpose in one of its spellings, is found and named; an honest log passes; and a real
 * process that prints its token secret fails the harness's check.
 */
class ProcessLogsHoldNoSecretsTest {
    @TempDir
    Path dir;

    private LogSecrets secretsOf(List<String> args) {
        LogSecrets secrets = new LogSecrets();
        secrets.addFromFolder(dir);
        secrets.addFromArgs(dir, args);
        return secrets;
    }

    @Test
    void each_secret_leaked_in_any_spelling_is_found_and_named_and_an_honest_log_passes() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Tokens.createSecret(dir.resolve("data/token.secret"));
        byte[] tokenSecret = Files.readAllBytes(dir.resolve("data/token.secret"));
        Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
        KeyFile.create(dir.resolve("worker.key"), worker);
        Files.writeString(dir.resolve("pw.txt"), "pw-correct-horse-battery\n");
        List<String> args = List.of("node", "start", "--data-dir", "data", "--set", "storage.password_file=pw.txt",
                "--storage-url", "jdbc:postgresql://db/pouw?user=pouw&password=url-secret-123",
                "--set", "gate.redis_url=redis://user:redis-pass-456@host:6379");
        LogSecrets secrets = secretsOf(args);
        String partnerKey = "pouwpk_acme_0123456789abc_" + "s3cr3t-part-of-the-key";
        secrets.addFromAnswer("{\"partner\":\"acme\",\"key\":\"" + partnerKey + "\"}");
        secrets.addFromAnswer("{\"token\":\"eyJkaWQiOiJ4In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg\",\"expires_at_ms\":1}");

        String honest = "INFO node listening on http://127.0.0.1:8642 did " + worker.did() + " data/token.secret\n"
                + "storage.password_file=*** user=pouw\n";
        assertThat(secrets.leaksIn("node.log", honest)).isEmpty();

        // A secret whose base64 holds no '+' or '/' spells the same in base64url: the first form found names it.
        assertThat(secrets.leaksIn("node.log", honest + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(tokenSecret))).singleElement().asString().startsWith("data/token.secret, base64")
                .endsWith(" unpadded in node.log");
        assertThat(secrets.leaksIn("node.log", "x" + HexFormat.of().withUpperCase().formatHex(tokenSecret)))
                .containsExactly("data/token.secret, HEX in node.log");
        assertThat(secrets.leaksIn("node.log", new String(tokenSecret, StandardCharsets.ISO_8859_1)))
                .contains("data/token.secret, raw in node.log");
        assertThat(secrets.leaksIn("w.log", "key " + HexFormat.of().formatHex(worker.privateKey())))
                .containsExactly("worker.key, private key, hex in w.log");
        assertThat(secrets.leaksIn("n.log", "connecting with pw-correct-horse-battery"))
                .containsExactly("storage.password_file (pw.txt) in n.log");
        assertThat(secrets.leaksIn("n.log", "url ...password=url-secret-123")).hasSize(1);
        assertThat(secrets.leaksIn("n.log", "redis://user:redis-pass-456@host")).hasSize(1);
        assertThat(secrets.leaksIn("n.log", "partner " + partnerKey)).containsExactly(
                "a partner key a command answered in n.log");
        assertThat(secrets.leaksIn("n.log", "Bearer eyJkaWQiOiJ4In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"))
                .containsExactly("a token a command answered in n.log");
    }

    @Test
    void a_real_process_that_prints_its_token_secret_fails_the_check_and_one_that_does_not_passes() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Tokens.createSecret(dir.resolve("data/token.secret"));
        Path leaking = dir.resolve("leaking.log");
        Process leak = new ProcessBuilder("sh", "-c", "echo starting; base64 -w0 data/token.secret; echo; echo done")
                .directory(dir.toFile()).redirectOutput(leaking.toFile())
                .redirectError(dir.resolve("leaking.log.err").toFile()).start();
        // The check ends a running process first; let this one print before it is searched (CI once ended it early).
        assertThat(leak.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> leaks = ProcessLogsHoldNoSecrets.check(new ProcessLogsHoldNoSecrets.Watched(leak, dir, leaking,
                List.of("node", "start", "--data-dir", "data")));
        assertThat(leaks).containsExactly("data/token.secret, base64 in leaking.log of 'pouw node start'");

        Path quiet = dir.resolve("quiet.log");
        Process honest = new ProcessBuilder("sh", "-c", "echo starting; ls data; sleep 60")
                .directory(dir.toFile()).redirectOutput(quiet.toFile())
                .redirectError(dir.resolve("quiet.log.err").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(quiet).contains("token.secret"));
        assertThat(ProcessLogsHoldNoSecrets.check(new ProcessLogsHoldNoSecrets.Watched(honest, dir, quiet,
                List.of("node", "start")))).as("a process still running is ended, then searched").isEmpty();
        assertThat(honest.isAlive()).isFalse();

        assertThat(ProcessLogsHoldNoSecrets.methodsSeen()).as("JUnit found the harness by itself, for this very"
                + " method (junit-platform.properties, META-INF/services)").isPositive();
        ProcessLogsHoldNoSecrets harness = new ProcessLogsHoldNoSecrets();
        harness.beforeEach(null);
        Process printing = new ProcessBuilder("sh", "-c", "od -An -v -tx1 data/token.secret | tr -d ' \\n'")
                .directory(dir.toFile()).redirectOutput(dir.resolve("again.log").toFile())
                .redirectError(dir.resolve("again.log.err").toFile()).start();
        ProcessLogsHoldNoSecrets.watch(printing, dir, dir.resolve("again.log"), List.of("worker"));
        assertThat(printing.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> harness.afterEach(null)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("data/token.secret, hex in again.log");
    }
}
