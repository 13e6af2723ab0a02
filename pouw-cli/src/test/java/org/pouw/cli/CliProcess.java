package org.pouw.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code pouw} as a separate JVM process, exactly as the launcher does (the packaged classes and lib/), so the
 * acceptance tests exercise real processes talking real HTTP.
 */
public final class CliProcess {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(180);
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CLASSPATH = "target/classes" + File.pathSeparator + "target/lib/*";

    private CliProcess() {
    }

    public record Result(int exit, String out, String err) {
    }

    static ProcessBuilder builder(Path workDir, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-cp",
                new File(CLASSPATH.split(File.pathSeparator)[0]).getAbsolutePath() + File.pathSeparator
                        + new File("target/lib").getAbsolutePath() + File.separator + "*",
                "org.pouw.cli.PouwCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.redirectOutput(log.toFile());
        builder.redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
        return builder;
    }

    /**
     * Starts a long-running process (a node or a worker) whose output goes to {@code log}; once it ends its logs are
     * searched for the secrets it was given ({@link ProcessLogsHoldNoSecrets}).
     */
    public static Process start(Path workDir, Path log, String... args) {
        try {
            Process process = builder(workDir, log, args).start();
            ProcessLogsHoldNoSecrets.watch(process, workDir, log, List.of(args));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #start}, with {@code extraClasspath} after the packaged classes and {@code environment} added: for the
     * failure tests' commit-then-halt hook, which only a node given pouw-cli's test classes this way can find.
     */
    public static Process startWith(Path workDir, Path log, List<Path> extraClasspath,
            java.util.Map<String, String> environment, String... args) {
        try {
            ProcessBuilder builder = builder(workDir, log, args);
            List<String> command = builder.command();
            int classpath = command.indexOf("-cp") + 1;
            StringBuilder entries = new StringBuilder(command.get(classpath));
            extraClasspath.forEach(entry -> entries.append(File.pathSeparator).append(entry.toAbsolutePath()));
            command.set(classpath, entries.toString());
            builder.environment().putAll(environment);
            Process process = builder.start();
            ProcessLogsHoldNoSecrets.watch(process, workDir, log, List.of(args));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command to completion: a generous bound, since on two loaded cores a JVM's start and a command that
     * replays (a {@code chain verify} of a mined chain took over 60 s at load 25) are slow; it ends when the command
     * does.
     */
    public static Result run(Path workDir, String... args) {
        try {
            Path log = Files.createTempFile(workDir, "cli", ".out");
            Process process = builder(workDir, log, args).start();
            if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pouw " + String.join(" ", args) + " did not finish in "
                        + RUN_LIMIT.toSeconds() + " s");
            }
            Result result = new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                    Files.readString(log.resolveSibling(log.getFileName() + ".err"), StandardCharsets.UTF_8));
            ProcessLogsHoldNoSecrets.noteAnswer(workDir, result.out());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status of a GET, or -1 when nothing answered (the port closed). */
    public static int httpStatus(java.net.http.HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException closed) {
            return -1;
        }
    }

    public static Duration timeout() {
        return Duration.ofSeconds(90);
    }
}
