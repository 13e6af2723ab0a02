package org.pouw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code pouw} run as a process on a pseudo-terminal (util-linux {@code script}), driven like a person: wait for a
 * prompt, type an answer. Each wait ends as soon as the text shows up, within a generous bound.
 */
final class TerminalSession implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Process process;
    private final OutputStream keyboard;
    private final StringBuffer screen = new StringBuffer();
    private int seen;

    private TerminalSession(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream()), "pty-screen");
        reader.setDaemon(true);
        reader.start();
    }

    static TerminalSession start(Path workDir, String... args) {
        return start(workDir, java.util.Map.of(), args);
    }

    /** {@link #start(Path, String...)} with {@code environment} added to the process's own (an {@code EDITOR}). */
    static TerminalSession start(Path workDir, java.util.Map<String, String> environment, String... args) {
        List<String> command = CliProcess.builder(workDir, workDir.resolve("unused.log"), args).command();
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", line.toString().strip(), "/dev/null")
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm");
        builder.environment().putAll(environment);
        try {
            return new TerminalSession(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code text} appears after what was already seen, and moves past it. */
    TerminalSession expect(String text) {
        try {
            Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                    .until(() -> screen.indexOf(text, seen) >= 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("'" + text + "' never showed on the terminal; it shows:\n" + screen, e);
        }
        seen = screen.indexOf(text, seen) + text.length();
        return this;
    }

    TerminalSession type(String line) {
        try {
            keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    int exit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("pouw did not end; screen:\n" + screen);
        }
        return process.exitValue();
    }

    String screen() {
        return screen.toString();
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
