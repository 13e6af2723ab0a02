package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.Hex;
import org.pouw.crypto.KeyFile;

/**
 * The web console in a real headless Chromium against a live node (issue 29 §2, docs/console.md): Debian's
 * {@code chromium} driven by npm's {@code playwright-core} (no browser download), both installed by
 * scripts/install-test-tools.sh. The browser steps are in src/test/browser/console-check.mjs; this test starts the
 * node, funds a client, writes the key files and holds the script to its verdict.
 *
 * <p>Without a chromium on this machine the test is skipped saying so, except under CI ({@code CI} set), where a
 * missing browser is a failure: the install script puts one there.
 */
class ConsoleBrowserIT {
    /** Debian's chromium (what the install script puts there), else a Chrome a CI image may carry. */
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("POUW_CHROMIUM",
            Files.isExecutable(Path.of("/usr/bin/chromium")) || !Files.isExecutable(Path.of("/usr/bin/google-chrome"))
                    ? "/usr/bin/chromium" : "/usr/bin/google-chrome"));
    private static final Path PLAYWRIGHT = Path.of(System.getenv().getOrDefault("POUW_PLAYWRIGHT_DIR",
            "../.tools/playwright/node_modules/playwright-core")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void the_console_works_in_a_real_browser() throws Exception {
        boolean ci = System.getenv("CI") != null;
        if (!ci) {
            assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + ": the console's browser test"
                    + " is skipped (install Debian's chromium, or run scripts/install-test-tools.sh through ./run-tests)");
        }
        assertThat(Files.isExecutable(CHROMIUM)).as("chromium at %s (scripts/install-test-tools.sh)", CHROMIUM)
                .isTrue();
        assertThat(PLAYWRIGHT.resolve("package.json"))
                .as("npm playwright-core in %s (scripts/install-test-tools.sh, pouw_install_playwright)", PLAYWRIGHT)
                .exists();

        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
        Path clientKey = dir.resolve("client.key");
        Path workerKey = dir.resolve("worker.key");
        KeyFile.create(clientKey, client);
        KeyFile.create(workerKey, worker);
        // The client's did with another key's private half: a key file that does not match its did.
        Path wrongKey = dir.resolve("wrong.key");
        Files.writeString(wrongKey, "did = " + client.did() + "\nprivate_key = "
                + Hex.encode(Ed25519.KeyPair.generate().privateKey()) + "\n");
        Path artefacts = Path.of("target", "console-screenshots").toAbsolutePath();

        try (RunningNode node = new RunningNode(dir.resolve("node"), Map.of("genesis", client.did() + "=1000000",
                "market.reaper_interval_ms", "1000"), Clock.system())) {
            ProcessBuilder script = new ProcessBuilder("node", Path.of("src", "test", "browser", "console-check.mjs")
                    .toAbsolutePath().toString()).redirectErrorStream(true);
            script.environment().putAll(Map.of("POUW_BASE", node.base, "POUW_CHROMIUM", CHROMIUM.toString(),
                    "POUW_PLAYWRIGHT_DIR", PLAYWRIGHT.toString(), "POUW_ARTEFACTS", artefacts.toString(),
                    "POUW_CLIENT_KEY", clientKey.toString(), "POUW_WORKER_KEY", workerKey.toString(),
                    "POUW_WRONG_KEY", wrongKey.toString()));
            Process process = script.start();
            String output;
            try {
                output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor();
            } finally {
                process.destroyForcibly();
            }
            System.out.println(output);
            List<String> lines = output.lines().toList();
            assertThat(lines).as("the browser script's report:\n%s", output)
                    .anyMatch(line -> line.startsWith("console-check: passed"));
            assertThat(process.exitValue()).as("the browser script's exit status:\n%s", output).isZero();
        }
        assertThat(artefacts.resolve("overview.png")).exists();
    }
}
