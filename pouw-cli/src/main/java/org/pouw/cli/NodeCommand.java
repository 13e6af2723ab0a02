package org.pouw.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.node.PouwNode;
import org.pouw.node.config.GenesisAllocation;
import org.pouw.node.config.NodeConfig;
import org.pouw.node.logs.NodeLogging;
import org.pouw.node.logs.RotatingLogFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code pouw node start|status|stop|restart|health|log-level|rotate-token-secret}. */
@Command(name = "node", description = "Run a node, or ask one how it is doing, or stop it.",
        subcommands = {NodeCommand.Start.class, NodeCommand.Status.class, NodeCommand.Stop.class,
                NodeCommand.Health.class, NodeCommand.LogLevel.class, RotateTokenSecretCommand.class,
                NodeRestartCommand.class})
final class NodeCommand {
    static final String PID_FILE = "node.pid";
    static final long DEMO_FUNDS = 1_000_000;

    @Command(name = "start", description = "Start a node in the foreground (Ctrl-C or 'pouw node stop' ends it).")
    static final class Start implements Callable<Integer> {
        @Mixin
        NodeOptions options;

        @Option(names = "--demo", description = "fund a demo client and submit sample intents, printing each one's"
                + " way from execution to reward; then mine the demo chain by training in this process")
        boolean demo;

        @Option(names = "--json", description = "print the start-up banner as one JSON line (url, did, data_dir,"
                + " …) and the stop as another, for scripts and service managers")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Printer printer = new Printer(json);
            NodeConfig config = options.load();
            Ed25519.KeyPair demoClient = null;
            Ed25519.KeyPair nodeKey = null;
            if (demo) {
                demoClient = KeyFile.loadOrCreate(config.dataDir().resolve("demo-client.key"));
                nodeKey = KeyFile.loadOrCreate(config.adminKeyPath());
                for (String[] setting : DemoChain.prepare(config, nodeKey, demoClient)) {
                    options.settings.putIfAbsent(setting[0], setting[1]);
                }
                config = options.load();
                List<GenesisAllocation> genesis = new ArrayList<>(config.genesis());
                genesis.add(new GenesisAllocation(demoClient.did().toString(), DEMO_FUNDS));
                config = config.withGenesis(genesis);
            }
            // The node's log goes to stderr and to <data>/logs/pouw.log in the configured format from here on; stdout
            // keeps the banner. Helidon would otherwise re-read logging.properties from the class path when its
            // server starts, replacing the root's handlers (and with them this format) by its own.
            System.setProperty("io.helidon.logging.config.disabled", "true");
            NodeLogging.install(config.logs(), System.err, RotatingLogFile.folder(config.dataDir()), Clock.system());
            PouwNode node = PouwNode.start(config, Clock.system());
            Path pidFile = config.dataDir().resolve(PID_FILE);
            NodeStartRecord.ofThisProcess().writeTo(config.dataDir());
            Files.writeString(pidFile, ProcessHandle.current().pid() + " " + node.url() + "\n");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                printer.print(event("stopping"), "pouw: stopping node…");
                node.close();
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException ignored) {
                    // a stale pid file is harmless: 'node stop' checks the process is alive
                }
                stopped.countDown();
            }));
            ObjectNode started = event("started").put("url", node.url())
                    .put("did", node.adminKey().did().toString())
                    .put("data_dir", config.dataDir().toAbsolutePath().toString())
                    .put("pouw_mode", config.mode().wire()).put("zk_mode", config.zkMode().wire())
                    .put("storage", node.storage().backend()).put("pid", ProcessHandle.current().pid());
            printer.print(started, String.format("PoUW node listening on %s%n  pouw_mode=%s  zk_mode=%s  storage=%s"
                            + "  data=%s%n  node did %s%n  admin key %s", node.url(), config.mode().wire(),
                    config.zkMode().wire(), node.storage().backend(), config.dataDir().toAbsolutePath(),
                    node.adminKey().did(), config.adminKeyPath()));
            if (demoClient != null) {
                new DemoRun(node.url(), demoClient, config.mode(), System.out).run();
                if (config.chain().enabled()) {
                    System.out.printf("%ndemo: the chain — the node's key %s mines it by training, in this process,"
                            + " against the node's HTTP API%n", nodeKey.did());
                    DemoChain chain = new DemoChain(node.url(), nodeKey, demoClient, System.out);
                    Runtime.getRuntime().addShutdownHook(new Thread(chain::stop));
                    chain.start();
                }
            }
            stopped.await();
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Show a running node's status (same as 'pouw status').")
    static final class Status implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            return StatusCommand.show(options);
        }
    }

    /**
     * The probe of a container's HEALTHCHECK or a service manager: exit 0 when the node answers (with
     * {@code --ready}, when its database does too), 1 when it says it is not ready, 3 when nothing answers. The image
     * has no curl, so this is its probe.
     */
    @Command(name = "health", description = "Exit 0 if the node at --node is alive (--ready: and its database"
            + " answers); 1 if not ready, 3 if unreachable.")
    static final class Health implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--ready", description = "ask /readyz (the database answers) rather than /healthz")
        boolean ready;

        @Override
        public Integer call() {
            try (var client = options.anonymousClient()) {
                String status = client.system().health(ready);
                options.printer().print(event(ready ? "ready" : "alive").put("status", status),
                        (ready ? "ready" : "alive") + " (" + status + ")");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "stop", description = "Stop the node running from a data folder (SIGTERM, then wait).")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "${env:POUW_DATA_DIR:-.pouw}",
                description = "the node's data folder (default ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait (default ${DEFAULT-VALUE})")
        long timeoutSeconds;

        @Option(names = "--json", description = "print the outcome as one JSON line")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path pidFile = dataDir.resolve(PID_FILE);
            if (!Files.exists(pidFile)) {
                throw new CommandFailed("not_running", "no node is running from " + dataDir + " (no " + pidFile + ")",
                        ExitCodes.REFUSED);
            }
            Printer printer = new Printer(json);
            long pid = Long.parseLong(Files.readString(pidFile).strip().split("\\s+")[0]);
            ProcessHandle process = ProcessHandle.of(pid).orElse(null);
            if (process == null || !process.isAlive()) {
                Files.deleteIfExists(pidFile);
                printer.print(event("not_running").put("pid", pid), "node " + pid
                        + " was not running; removed the stale " + pidFile);
                return ExitCodes.OK;
            }
            terminate(process, timeoutSeconds);
            printer.print(event("stopped").put("pid", pid), "node " + pid + " stopped");
            return ExitCodes.OK;
        }
    }

    /**
     * SIGTERM, then waits for the node's drain and stop hooks to end it; {@code stop_timeout} when it outlives
     * {@code timeoutSeconds} (it is left running: a second stop, or a kill, is the operator's call).
     */
    static void terminate(ProcessHandle process, long timeoutSeconds) throws Exception {
        process.destroy();
        try {
            process.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CommandFailed("stop_timeout", "node " + process.pid() + " did not stop within " + timeoutSeconds
                    + " s", ExitCodes.REFUSED);
        }
    }

    /** Sets a logger's level on a running node without a restart (the node's admin key). */
    @Command(name = "log-level", description = "Set a logger's level on a running node, no restart: TRACE, DEBUG,"
            + " INFO, WARNING, ERROR, OFF, ALL, or INHERIT (follow its parent). Needs the node's admin key.")
    static final class LogLevel implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", paramLabel = "LOGGER", description = "e.g. org.pouw.node.net, org.pouw.access;"
                + " \"\" for the root")
        String logger;

        @Parameters(index = "1", paramLabel = "LEVEL")
        String level;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                JsonNode answer = client.system().setLogLevel(logger, level);
                options.printer().print(answer, (logger.isEmpty() ? "root logger" : logger) + ": "
                        + answer.path("level").asString("inherited") + " (was "
                        + answer.path("previous").asString("inherited") + ")");
                return ExitCodes.OK;
            }
        }
    }

    private static ObjectNode event(String name) {
        return JsonNodeFactory.instance.objectNode().put("event", name);
    }
}
