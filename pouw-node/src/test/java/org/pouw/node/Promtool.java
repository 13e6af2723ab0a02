package org.pouw.node;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, run as a real process: a test that needs it is skipped, saying how to install it, only
 * when it is not installed (CI installs it: scripts/install-test-tools.sh, Debian package {@code prometheus}).
 */
final class Promtool {
    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    static void assumeInstalled() {
        assumeTrue(path() != null, "promtool is not installed: apt-get install prometheus (Debian), or run "
                + "scripts/install-test-tools.sh; the monitoring checks need it");
    }

    /** Runs {@code promtool args…}, feeding {@code stdin} when not null; output is stdout and stderr together. */
    static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(path().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            process.getOutputStream().close();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), output);
    }

    /** The repository's root, found from the module's working directory. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with deploy/ and mvnw) above " + here);
    }

    private static Path path() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path usrBin = Path.of("/usr/bin/promtool");
        return Files.isExecutable(usrBin) ? usrBin : null;
    }
}
