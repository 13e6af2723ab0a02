package org.pouw.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pouw.bench.LoadClientProcess;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;

/**
 * One {@code pouw node start} process of a multi-process benchmark: its own data directory, HTTP and p2p ports and
 * log file, started through the project's launcher exactly as an operator starts a node. Everything the benchmark
 * learns from it goes over its HTTP API: health, peers, metrics, events.
 */
final class LaunchedNode implements AutoCloseable {

    final String name;
    final Path dataDir;
    final int httpPort;
    final int p2pPort;
    private Process process;
    private PouwClient admin;
    /** For the public reads (health, metrics): a throwaway key, never signed in. */
    private final PouwClient probe;

    LaunchedNode(String name, Path dataDir) {
        this.name = name;
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.p2pPort = freePort();
        this.probe = new PouwClient(URI.create(url()), Ed25519.KeyPair.generate(), Duration.ofSeconds(30),
                Clock.system());
    }

    /**
     * Starts the process: {@code launcher node start} with the chain and the p2p network on, remote proving (no local
     * workers competing for the cores), {@code settings} added ({@code name=value}), its heap {@code heap}.
     */
    void start(String launcher, String heap, List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher, "node", "start", "--data-dir", dataDir.toString(),
                "--port", String.valueOf(httpPort), "--set", "pouw_mode=remote", "--set", "gate.enabled=false",
                "--set", "chain.enabled=true", "--set", "p2p.enabled=true",
                "--set", "p2p.listen_port=" + p2pPort, "--set", "p2p.allow_local_addresses=true"));
        for (String setting : settings) {
            command.addAll(List.of("--set", setting));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(name + ".log").toFile());
        builder.environment().put("POUW_NODE_HEAP", heap);
        process = builder.start();
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Whether the process is up and {@code /healthz} answers 200. */
    boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " (its log: "
                    + dataDir.resolveSibling(name + ".log") + ")");
        }
        try {
            return probe.system().probe(false).httpStatus() == 200;
        } catch (NodeException unreachable) {
            return false;
        }
    }

    /** A client signed with the node's own admin key (its file in the data directory, made at the first start). */
    PouwClient admin() {
        if (admin == null) {
            try {
                admin = new PouwClient(URI.create(url()), KeyFile.loadOrCreate(dataDir.resolve("admin.key")),
                        Duration.ofSeconds(60), Clock.system());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return admin;
    }

    /**
     * CPU seconds the node's JVM used so far (user and system, from {@code /proc}; the launcher execs the JVM, so
     * the process is the node), or NaN where there is no {@code /proc}.
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields from the state on: utime and stime are the 14th and 15th of the whole line, in clock ticks
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException unreadable) {
            return Double.NaN;
        }
    }

    /** The node's Prometheus page, as series line → value. */
    Map<String, Double> metrics() {
        String page = probe.system().metricsPage();
        Map<String, Double> series = new TreeMap<>();
        for (String line : page.lines().toList()) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                try {
                    series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException notAValue) {
                    // a line that is not a sample
                }
            }
        }
        return series;
    }

    /** Sum of the samples of {@code metric} whose labels contain every one of {@code labels}. */
    static double sum(Map<String, Double> metrics, String metric, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> sample : metrics.entrySet()) {
            String key = sample.getKey();
            if (!key.startsWith(metric + "{") && !key.equals(metric)) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= key.contains(label);
            }
            if (all) {
                total += sample.getValue();
            }
        }
        return total;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            LoadClientProcess.awaitOrEnd(process, 30);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException gone) {
            // what is left of a temporary folder is not worth failing a finished run for
        }
    }
}
