package org.pouw.store.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Redis server for one test: Debian's {@code redis-server} started as a child process on a free port of
 * 127.0.0.1, with its own temporary folder and no persistence. It can be killed and started again on the same port
 * (a store that goes away and comes back). When {@code redis-server} is not installed the test fails, saying how to
 * install it: never a silent skip.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 10_000;
    private final String executable;
    private final Path folder;
    private final int port;
    private final List<String> extraArgs;
    private Process process;
    private long startedAtMillis;

    private RedisServerProcess(String executable, Path folder, int port, List<String> extraArgs) {
        this.executable = executable;
        this.folder = folder;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server; {@code extraArgs} are redis-server options ({@code "--maxmemory", "1mb"}). */
    public static RedisServerProcess start(String... extraArgs) {
        String executable = findExecutable();
        try {
            RedisServerProcess server = new RedisServerProcess(executable, Files.createTempDirectory("pouw-redis-"),
                    freePort(), List.of(extraArgs));
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a folder for redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Waits until the server has run for {@code millis} since its latest start: a Redis redemption store refuses
     * every challenge issued in its first seconds (it takes the start as up to two seconds late, plus the skew).
     */
    public void awaitRunningFor(long millis) {
        long left = startedAtMillis + millis - System.currentTimeMillis();
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Starts the server (again) on its port, and waits until it answers PING. */
    public void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is running already");
        }
        List<String> command = new ArrayList<>(List.of(executable, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", folder.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--protected-mode", "no"));
        command.addAll(extraArgs);
        startedAtMillis = System.currentTimeMillis();
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(folder.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        awaitPong();
    }

    /** Starts the server again with nothing in it: a {@link #snapshot()} taken earlier is deleted first. */
    public void startAgainEmpty() {
        try {
            Files.deleteIfExists(folder.resolve("dump.rdb"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete redis-server's snapshot", e);
        }
        startAgain();
    }

    /** Kills the server at once (SIGKILL), as a crashed or unreachable store. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Freezes the server with SIGSTOP, as a hung host: its port still accepts connections (the kernel does), but
     * nothing is answered until {@link #resume()}.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} server run on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    /**
     * Writes the server's whole state to its RDB file now ({@code SAVE}). The next {@link #startAgain()} loads that
     * file, so a kill after it is a restart from an old snapshot: everything written since is lost.
     */
    public void snapshot() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("SAVE\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes(5);
            if (!new String(reply, StandardCharsets.US_ASCII).equals("+OK\r\n")) {
                throw new IllegalStateException("redis-server did not save: " + new String(reply,
                        StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask redis-server on port " + port + " to save", e);
        }
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // A temporary folder left behind is not worth failing a test for.
        }
    }

    private void awaitPong() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": "
                        + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(500);
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = socket.getInputStream().readNBytes(7);
                if (new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                + START_TIMEOUT_MS + " ms: " + log());
    }

    private String log() {
        try {
            return Files.readString(folder.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String findExecutable() {
        return findIn(System.getenv().getOrDefault("PATH", "") + File.pathSeparator
                + "/usr/bin:/usr/sbin:/usr/local/bin");
    }

    /** The first {@code redis-server} on {@code searchPath}, or the failure that says how to install it. */
    static String findIn(String searchPath) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not installed, and the Redis redemption tests need a real "
                + "one: install Debian's package (apt-get install redis-server), or run ./run-tests, which "
                + "installs it when apt-get is usable");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
