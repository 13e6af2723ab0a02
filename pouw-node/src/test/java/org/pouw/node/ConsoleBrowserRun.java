package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support for the console's browser tests: where Chromium, playwright-core and axe-core are (as
 * scripts/install-test-tools.sh puts them, or {@code POUW_CHROMIUM}, {@code POUW_PLAYWRIGHT_DIR},
 * {@code POUW_AXE_DIR}), the skip without a chromium outside CI, and one script of src/test/browser/ run under
 * Node.js and held to its verdict line and exit status. Every console browser test runs its scripts through it.
 */
final class ConsoleBrowserRun {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("POUW_CHROMIUM",
            Files.isExecutable(Path.of("/usr/bin/chromium")) || !Files.isExecutable(Path.of("/usr/bin/google-chrome"))
                    ? "/usr/bin/chromium" : "/usr/bin/google-chrome"));
    static final Path PLAYWRIGHT = Path.of(System.getenv().getOrDefault("POUW_PLAYWRIGHT_DIR",
            "../.tools/playwright/node_modules/playwright-core")).toAbsolutePath().normalize();
    static final Path AXE = Path.of(System.getenv().getOrDefault("POUW_AXE_DIR",
            "../.tools/axe/node_modules/axe-core")).toAbsolutePath().normalize();
    static final Path ARTEFACTS = Path.of("target", "console-screenshots").toAbsolutePath();

    private ConsoleBrowserRun() {
    }

    /** Skips without a chromium on this machine, except under CI ({@code CI} set), where that is a failure. */
    static void requireBrowser() {
        boolean ci = System.getenv("CI") != null;
        if (!ci) {
            assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + ": the console's browser test"
                    + " is skipped (install Debian's chromium, or run scripts/install-test-tools.sh through"
                    + " ./run-tests)");
        }
        assertThat(Files.isExecutable(CHROMIUM)).as("chromium at %s (scripts/install-test-tools.sh)", CHROMIUM)
                .isTrue();
        assertThat(PLAYWRIGHT.resolve("package.json"))
                .as("npm playwright-core in %s (scripts/install-test-tools.sh, pouw_install_playwright)", PLAYWRIGHT)
                .exists();
        assertThat(AXE.resolve("axe.min.js"))
                .as("npm axe-core in %s (scripts/install-test-tools.sh, pouw_install_playwright)", AXE).exists();
    }

    /** Runs {@code script} against the node at {@code base} with {@code settings} in its environment. */
    static void run(String script, String base, Map<String, String> settings) throws Exception {
        ProcessBuilder process = new ProcessBuilder("node", Path.of("src", "test", "browser", script)
                .toAbsolutePath().toString()).redirectErrorStream(true);
        Map<String, String> environment = new HashMap<>(Map.of("POUW_BASE", base, "POUW_CHROMIUM",
                CHROMIUM.toString(), "POUW_PLAYWRIGHT_DIR", PLAYWRIGHT.toString(), "POUW_AXE_DIR", AXE.toString(),
                "POUW_ARTEFACTS", ARTEFACTS.toString()));
        environment.putAll(settings);
        process.environment().putAll(environment);
        Process running = process.start();
        String output;
        try {
            output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            running.waitFor();
        } finally {
            running.destroyForcibly();
        }
        System.out.println(output);
        List<String> lines = output.lines().toList();
        assertThat(lines).as("%s's report:\n%s", script, output)
                .anyMatch(line -> line.startsWith("console-check: passed"));
        assertThat(running.exitValue()).as("%s's exit status:\n%s", script, output).isZero();
    }
}
