package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.GenesisFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real processes of one chain test: {@code pouw node} processes, each on a data folder of its own initialised
 * from the test's genesis, with a free HTTP port and a free peer port, and the {@code pouw mine} processes beside
 * them. A test makes one, starts what it needs through it and calls {@link #close()} after: every process still
 * running is killed and their logs are copied to {@code target/<kept>/}, where they outlive the temporary folder for
 * whoever reads a failure.
 */
final class ChainProcesses implements AutoCloseable {
    /** Generous: a node validates every stored block again before it serves, which takes long on a loaded machine. */
    static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final String kept;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Integer> httpPorts = new HashMap<>();
    private final Map<String, Integer> p2pPorts = new HashMap<>();
    /** One client for every poll: some tests poll every few milliseconds. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param dir  the test's temporary folder: the processes' working folder, data folders and logs
     * @param kept the folder under {@code target/} the logs are copied to
     */
    ChainProcesses(Path dir, String kept) {
        this.dir = dir;
        this.kept = kept;
    }

    /**
     * Writes {@code genesis.txt} and initialises a data folder from it for each node, side by side (they are
     * independent); each node gets its ports.
     */
    void init(ChainGenesis genesis, List<String> nodes) throws Exception {
        Files.writeString(dir.resolve("genesis.txt"), GenesisFile.format(genesis), StandardCharsets.UTF_8);
        Map<String, CompletableFuture<CliProcess.Result>> inits = new LinkedHashMap<>();
        try (ExecutorService side = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String node : nodes) {
                inits.put(node, CompletableFuture.supplyAsync(() -> CliProcess.run(dir, "chain", "init",
                        "--data-dir", node, "--genesis", "genesis.txt"), side));
            }
        }
        for (String node : nodes) {
            CliProcess.Result init = inits.get(node).join();
            assertThat(init.exit()).as(node + ": " + init.out() + init.err()).isZero();
            httpPorts.put(node, CliProcess.freePort());
            p2pPorts.put(node, CliProcess.freePort());
        }
    }

    /**
     * Starts {@code pouw node} on the data folder {@code name} with the chain and the peer-to-peer transport on,
     * dialling the {@code bootstrap} peer addresses, without waiting for it to serve. Its log is
     * {@code <name>-<n>.log}, n counting the processes started before it, so a restart gets a log of its own.
     */
    Process launchNode(String name, List<String> bootstrap) {
        // remote mode: no local proving workers competing for the two cores with the nodes' replays
        List<String> args = new ArrayList<>(List.of("node", "start", "--data-dir", name, "--port",
                String.valueOf(httpPorts.get(name)), "--set", "pouw_mode=remote", "--set", "chain.enabled=true",
                "--set", "p2p.enabled=true", "--set", "p2p.listen_port=" + p2pPorts.get(name),
                "--set", "p2p.allow_local_addresses=true"));
        // no p2p.advertised_host: a node tells nobody its own address, so its links are the bootstrap ones only
        if (!bootstrap.isEmpty()) {
            args.addAll(List.of("--set", "p2p.bootstrap=" + String.join(",", bootstrap)));
        }
        return start(name + "-" + processes.size() + ".log", args.toArray(String[]::new));
    }

    /** {@link #launchNode}, then waits until the node serves. */
    Process startNode(String name, List<String> bootstrap) {
        Process node = launchNode(name, bootstrap);
        awaitHealthy(name);
        return node;
    }

    void awaitHealthy(String name) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> NodeAndWorkerIT.healthy(url(name)));
    }

    /** Starts {@code pouw mine} with {@code key} (a key file in the test's folder) on {@code node}, JSON lines. */
    Process startMiner(String log, String node, String key, String... more) {
        List<String> args = new ArrayList<>(List.of("mine", "--node", url(node), "--key", key, "--json",
                "--poll-ms", "200"));
        args.addAll(List.of(more));
        return start(log, args.toArray(String[]::new));
    }

    /** Starts any {@code pouw} command, its output to {@code log} in the test's folder; killed at the end. */
    Process start(String log, String... args) {
        Process process = CliProcess.start(dir, dir.resolve(log), args);
        processes.add(process);
        return process;
    }

    /** Every process started so far, in order. */
    List<Process> processes() {
        return List.copyOf(processes);
    }

    /** The node's peer address, as another node's bootstrap list names it. */
    String peerAddress(String node) {
        return "127.0.0.1:" + p2pPorts.get(node);
    }

    int httpPort(String node) {
        return httpPorts.get(node);
    }

    int p2pPort(String node) {
        return p2pPorts.get(node);
    }

    String url(String node) {
        return "http://127.0.0.1:" + httpPorts.get(node);
    }

    /** The JSON answer of a GET on the node, or an empty object when it did not answer (down, or not yet up). */
    JsonNode get(String node, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(node) + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (Exception notUp) {
            return JSON.createObjectNode();
        }
    }

    /** The node's tip height; -1 when it did not answer. */
    long height(String node) {
        return get(node, "/v1/chain/head").path("height").asLong(-1);
    }

    /** The node's tip hash; empty when it did not answer. */
    String head(String node) {
        return get(node, "/v1/chain/head").path("hash").asString("");
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        Path logs = Path.of("target", kept);
        Files.createDirectories(logs);
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(file -> file.getFileName().toString().contains(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
