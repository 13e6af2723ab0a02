package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Issue 25 §1: no secret a test gave its processes reaches their logs, checked for every process any test of this
 * module starts through {@link CliProcess#start} (a node, a worker, a pool, a miner), once, here, rather than by each
 * test. Registered for every test class by JUnit's extension auto-detection (test resources:
 * {@code junit-platform.properties} and {@code META-INF/services}).
 *
 * <p>A process started in a test method is checked after the method's own {@code @AfterEach} (stopped first if the
 * test left it running); one started in {@code @BeforeAll}, after {@code @AfterAll}. Its whole output and error logs
 * are searched for the secrets under its working folder, on its command line and in the CLI answers that folder saw
 * ({@link LogSecrets}); a leak fails the test, naming the secret and the log, never quoting it.
 */
public final class ProcessLogsHoldNoSecrets implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    /** A process being watched: its working folder, its two logs and its command line. */
    record Watched(Process process, Path workDir, Path log, List<String> args) {
        Path errorLog() {
            return log.resolveSibling(log.getFileName() + ".err");
        }
    }

    private static final List<Watched> WATCHED = new ArrayList<>();
    /** The answers CLI commands gave in each working folder: partner keys and tokens are taken from them. */
    private static final Map<Path, List<String>> ANSWERS = new ConcurrentHashMap<>();
    /** Processes started since the current test method began: checked when it ends. */
    private static int methodStart = -1;
    /** Test methods this extension has been called for: shows the auto-detection took (see the test). */
    private static long methodsSeen;

    static synchronized long methodsSeen() {
        return methodsSeen;
    }

    static synchronized void watch(Process process, Path workDir, Path log, List<String> args) {
        WATCHED.add(new Watched(process, workDir.toAbsolutePath(), log.toAbsolutePath(), List.copyOf(args)));
    }

    static void noteAnswer(Path workDir, String answer) {
        ANSWERS.computeIfAbsent(workDir.toAbsolutePath(), dir -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(answer);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (ProcessLogsHoldNoSecrets.class) {
            methodStart = WATCHED.size();
            methodsSeen++;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Watched> started;
        synchronized (ProcessLogsHoldNoSecrets.class) {
            int from = methodStart < 0 ? WATCHED.size() : Math.min(methodStart, WATCHED.size());
            started = new ArrayList<>(WATCHED.subList(from, WATCHED.size()));
            WATCHED.subList(from, WATCHED.size()).clear();
            methodStart = -1;
        }
        checkAll(started);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<Watched> left;
        synchronized (ProcessLogsHoldNoSecrets.class) {
            left = new ArrayList<>(WATCHED);
            WATCHED.clear();
        }
        checkAll(left);
        ANSWERS.clear();
    }

    private static void checkAll(List<Watched> processes) {
        List<String> leaks = new ArrayList<>();
        for (Watched watched : processes) {
            leaks.addAll(check(watched));
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("secrets in process logs (issue 25 §1): " + String.join("; ", leaks));
        }
    }

    /** Ends the process if it still runs, then names every secret found in its logs; empty when none. */
    static List<String> check(Watched watched) {
        end(watched.process());
        LogSecrets secrets = new LogSecrets();
        secrets.addFromFolder(watched.workDir());
        secrets.addFromArgs(watched.workDir(), watched.args());
        ANSWERS.getOrDefault(watched.workDir(), List.of()).forEach(secrets::addFromAnswer);
        List<String> leaks = new ArrayList<>();
        for (Path log : logsOf(watched)) {
            if (Files.exists(log)) {
                leaks.addAll(secrets.leaksIn(watched.workDir().relativize(log) + " of 'pouw "
                        + String.join(" ", watched.args().subList(0, Math.min(2, watched.args().size()))) + "'",
                        read(log)));
            }
        }
        return leaks;
    }

    /** Its output and error logs, and a node's own (logs/pouw.log*, logs/console.log) in data folders under its folder. */
    private static List<Path> logsOf(Watched watched) {
        List<Path> logs = new ArrayList<>(List.of(watched.log(), watched.errorLog()));
        if (Files.isDirectory(watched.workDir())) {
            try (var files = Files.walk(watched.workDir(), 4)) {
                files.filter(file -> (file.getFileName().toString().startsWith("pouw.log")
                                || file.getFileName().toString().equals(NodeRestartCommand.CONSOLE_LOG))
                        && file.getParent().getFileName().toString().equals("logs")).sorted().forEach(logs::add);
            } catch (IOException | UncheckedIOException e) {
                // a folder that vanished while walked holds no log to search
            }
        }
        return logs;
    }

    private static void end(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
