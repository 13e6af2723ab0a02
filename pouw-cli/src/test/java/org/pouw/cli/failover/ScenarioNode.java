package org.pouw.cli.failover;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.pouw.cli.CliProcess;

/**
 * One {@code pouw node start} process of a failure scenario: started with {@code --set} settings, asked over real
 * HTTP, scraped, and stopped or killed. Every answer records how long it took, so a scenario can report the
 * slowest one during a fault.
 */
final class ScenarioNode implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final String name;
    private final Path dir;
    private final Process process;
    private final int port;
    private final String dataDir;
    private final Map<String, String> settings;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ScenarioNode(String name, Path dir, Process process, int port, String dataDir,
            Map<String, String> settings) {
        this.name = name;
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.settings = settings;
        this.url = "http://127.0.0.1:" + port;
    }

    /** One HTTP answer, and how long the exchange took. */
    record Reply(int status, String body, long millis) {
    }

    /** Starts a remote-mode node with its own data folder {@code dir/name}; {@code settings} are name → value. */
    static ScenarioNode start(Path dir, String name, Map<String, String> settings) {
        return startAll(dir, List.of(name), settings).getFirst();
    }

    /**
     * Starts a remote-mode node named {@code name} (its log {@code dir/name.log}) on the data folder {@code dataDir},
     * relative to {@code dir}: for a data folder on a file system of the scenario's own, away from the logs.
     */
    static ScenarioNode startOn(Path dir, String name, String dataDir, Map<String, String> settings) {
        ScenarioNode node = launch(dir, name, dataDir, CliProcess.freePort(), settings, ".log");
        awaitHealthy(List.of(node));
        return node;
    }

    /** Starts one node per name at once (a JVM's start is most of a scenario's time), and waits for all. */
    static List<ScenarioNode> startAll(Path dir, List<String> names, Map<String, String> settings) {
        Map<String, Map<String, String>> each = new java.util.LinkedHashMap<>();
        names.forEach(name -> each.put(name, settings));
        return startEach(dir, each);
    }

    /** Starts one node per name, each with its own settings, at once, and waits for all (in the map's order). */
    static List<ScenarioNode> startEach(Path dir, Map<String, Map<String, String>> settingsByName) {
        List<ScenarioNode> started = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> node : settingsByName.entrySet()) {
            started.add(launch(dir, node.getKey(), node.getKey(), CliProcess.freePort(), node.getValue(), ".log"));
        }
        awaitHealthy(started);
        return started;
    }

    /**
     * This node started again on its port, data and settings, once this process has ended (its log goes to
     * {@code name.restarted.log}); waits for it to answer.
     */
    ScenarioNode restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("node " + name + " is still running");
        }
        ScenarioNode again = launch(dir, name, dataDir, port, settings, ".restarted.log");
        awaitHealthy(List.of(again));
        return again;
    }

    /**
     * Starts a node like {@link #start} that halts — exits {@link HaltAfterCommit#HALT_STATUS} without answering —
     * right after the first commit of {@code route} ({@code POST /v1/ledger/transfers}), before its answer.
     */
    static ScenarioNode startHaltingAfterCommit(Path dir, String name, Map<String, String> settings, String route) {
        ScenarioNode node = launchHalting(dir, name, name, CliProcess.freePort(), settings, ".log", route);
        awaitHealthy(List.of(node));
        return node;
    }

    /**
     * This node started again once its process ended, on its port, data and settings, armed to halt after the first
     * commit of {@code route} (its log {@code name.<n>.log}); waits for it to answer.
     */
    ScenarioNode restartHaltingAfterCommit(String route) {
        if (process.isAlive()) {
            throw new IllegalStateException("node " + name + " is still running");
        }
        String suffix = "." + route.replaceAll("[^a-z]+", "-") + ".log";
        ScenarioNode again = launchHalting(dir, name, dataDir, port, settings, suffix, route);
        awaitHealthy(List.of(again));
        return again;
    }

    private static ScenarioNode launchHalting(Path dir, String name, String dataDir, int port,
            Map<String, String> settings, String logSuffix, String route) {
        List<String> args = new ArrayList<>(List.of("node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", dataDir));
        settings.forEach((setting, value) -> args.addAll(List.of("--set", setting + "=" + value)));
        // The hook's service file lives in a folder of the scenario's own, so only this process finds the hook (a
        // node started inside the test JVM, whose class path holds the test classes too, does not).
        Path hooks = dir.resolve("halt-hook-classpath");
        try {
            Path service = hooks.resolve("META-INF/services/" + org.pouw.node.http.BeforeAnswerHook.class.getName());
            Files.createDirectories(service.getParent());
            Files.writeString(service, HaltAfterCommit.class.getName() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = CliProcess.startWith(dir, dir.resolve(name + logSuffix),
                List.of(Path.of("target/test-classes"), hooks), Map.of(HaltAfterCommit.ROUTE_VARIABLE, route),
                args.toArray(String[]::new));
        return new ScenarioNode(name, dir, process, port, dataDir, settings);
    }

    /** Waits for the process to end by itself and returns its exit status. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node " + name + " still runs " + within + " later");
        }
        return process.exitValue();
    }

    /** SIGTERM, as a service manager's stop, and waits for the process to end; returns how long it took. */
    long terminate() throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + name + " did not stop within 60 s of SIGTERM");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** SIGTERM without waiting, so a scenario can watch the node drain; {@link #isAlive()} says when it ended. */
    void sigterm() {
        process.destroy();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static ScenarioNode launch(Path dir, String name, String dataDir, int port, Map<String, String> settings,
            String logSuffix) {
        List<String> args = new ArrayList<>(List.of("node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", dataDir));
        settings.forEach((setting, value) -> args.addAll(List.of("--set", setting + "=" + value)));
        Process process = CliProcess.start(dir, dir.resolve(name + logSuffix), args.toArray(String[]::new));
        return new ScenarioNode(name, dir, process, port, dataDir, settings);
    }

    private static void awaitHealthy(List<ScenarioNode> started) {
        for (ScenarioNode node : started) {
            // Generous: several JVMs starting at once on a loaded 2-core machine have taken over a minute.
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                if (!node.process.isAlive()) {
                    throw new IllegalStateException("node " + node.name + " exited with "
                            + node.process.exitValue() + ": " + node.errorLog());
                }
                return node.healthy();
            });
        }
    }

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    int port() {
        return port;
    }

    /** SIGSTOP, as a hung host: connections are still accepted by the kernel, nothing is answered. */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " of node " + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of a JSON body with extra headers ({@code X-Forwarded-For}, …). */
    Reply post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * A POST of raw bytes ({@code application/octet-stream}, an upload): with its length declared, or — {@code chunked}
     * — sent in chunks that declare none, so the node learns the size only by reading.
     */
    Reply postBytes(String path, byte[] body, boolean chunked, Map<String, String> headers) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/octet-stream").POST(publisher);
        headers.forEach(request::header);
        return send(request.build());
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    /** Signs {@code client} in (challenge, signature, token) and returns its bearer token; each step must pass. */
    String signIn(org.pouw.crypto.Ed25519.KeyPair client) {
        Reply challenge = post("/v1/auth/challenge", "{\"did\":\"" + client.did() + "\"}", Map.of());
        if (challenge.status() != 200) {
            throw new AssertionError("sign-in challenge refused: " + challenge.body());
        }
        String text = JSON.readTree(challenge.body()).path("challenge").asString();
        String signature = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                client.sign(("pouw-auth-v1:" + text).getBytes(StandardCharsets.UTF_8)));
        Reply token = post("/v1/auth/token", "{\"did\":\"" + client.did() + "\",\"challenge\":\"" + text
                + "\",\"signature\":\"" + signature + "\"}", Map.of());
        if (token.status() != 200) {
            throw new AssertionError("sign-in refused: " + token.body());
        }
        return JSON.readTree(token.body()).path("token").asString();
    }

    /** The balance of {@code did}'s account, 0 when it has none; another answer than 200 or 404 fails. */
    long balance(String did) {
        Reply reply = get("/v1/ledger/accounts/" + did);
        if (reply.status() == 404) {
            return 0;
        }
        if (reply.status() != 200) {
            throw new AssertionError("reading the account of " + did + ": " + reply.body());
        }
        return JSON.readTree(reply.body()).path("balance").asLong();
    }

    /** The value of one series in a live scrape of {@code /v1/pouw/metrics}, or -1 when it is not there. */
    double metric(String series) {
        return get("/v1/pouw/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .findFirst().orElse(-1);
    }

    boolean healthy() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Reply send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String errorLog() {
        try {
            return Files.readString(dir.resolve(name + ".log.err"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGKILL, as a crash: nothing of the node's memory survives, and nothing is closed cleanly. */
    void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A graceful stop (SIGTERM), then SIGKILL if it has not ended in 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
