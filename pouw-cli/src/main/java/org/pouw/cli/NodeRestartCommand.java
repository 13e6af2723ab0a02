package org.pouw.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.logs.RotatingLogFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code pouw node restart}: the node running from a data folder is stopped as {@code pouw node stop} stops it
 * (SIGTERM, its drain, its stop hooks), then started again with the command line it was started with
 * ({@link NodeStartRecord}), in the background; the command returns once the new node answers {@code /readyz}.
 */
@Command(name = "restart", description = "Stop the node running from a data folder (as 'node stop') and start it"
        + " again with the same command line, in the background; returns once it is ready.")
final class NodeRestartCommand implements Callable<Integer> {
    /** Where the restarted node's stdout and stderr go (its log is in pouw.log too). */
    static final String CONSOLE_LOG = "console.log";

    @Option(names = "--data-dir", defaultValue = "${env:POUW_DATA_DIR:-.pouw}",
            description = "the node's data folder (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for the node to stop"
            + " (default ${DEFAULT-VALUE})")
    long stopSeconds;

    @Option(names = "--start-timeout", defaultValue = "120", description = "seconds to wait for the new node to be"
            + " ready (default ${DEFAULT-VALUE})")
    long startSeconds;

    @Option(names = "--json", description = "print the outcome as one JSON line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path pidFile = dataDir.resolve(NodeCommand.PID_FILE);
        ProcessHandle old = running(pidFile);
        NodeStartRecord start = NodeStartRecord.readFrom(dataDir);
        NodeCommand.terminate(old, stopSeconds);
        Path console = RotatingLogFile.folder(dataDir).resolve(CONSOLE_LOG);
        Files.createDirectories(console.getParent());
        ProcessBuilder builder = new ProcessBuilder(detached(start.command())).directory(start.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile())).redirectErrorStream(true);
        Process started = builder.start();
        String url = awaitReady(pidFile, old.pid(), started, console);
        long pid = Long.parseLong(Files.readString(pidFile).strip().split("\\s+")[0]);
        new Printer(json).print(JsonNodeFactory.instance.objectNode().put("event", "restarted")
                        .put("stopped_pid", old.pid()).put("pid", pid).put("url", url),
                "node " + old.pid() + " stopped; node " + pid + " ready at " + url + " (its console: " + console + ")");
        return ExitCodes.OK;
    }

    /** The live process the pid file names; {@code not_running} (exit 3) when there is none. */
    private static ProcessHandle running(Path pidFile) throws IOException {
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip().split("\\s+")[0]);
            ProcessHandle process = ProcessHandle.of(pid).orElse(null);
            if (process != null && process.isAlive()) {
                return process;
            }
        }
        throw new CommandFailed("not_running", "no node is running from " + pidFile.getParent() + " (no live process"
                + " in " + pidFile + "): start it with 'pouw node start'; nothing was changed", ExitCodes.UNREACHABLE);
    }

    /** In a session of its own where setsid exists, so the terminal closing does not take the new node with it. */
    private static List<String> detached(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                out.add(setsid);
                break;
            }
        }
        out.addAll(command);
        return out;
    }

    /**
     * Waits for the new node to write its pid file and answer {@code /readyz} 200; {@code start_failed} when the
     * process ends first or the time runs out, with the console's last lines.
     */
    private String awaitReady(Path pidFile, long oldPid, Process started, Path console) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(startSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw failed("the new node ended (exit " + started.exitValue() + ")", console);
            }
            String[] fields = Files.exists(pidFile) ? Files.readString(pidFile).strip().split("\\s+") : new String[0];
            if (fields.length >= 2 && Long.parseLong(fields[0]) != oldPid && ready(fields[1])) {
                return fields[1];
            }
            Thread.sleep(200);
        }
        throw failed("the new node was not ready within " + startSeconds + " s (it is left running)", console);
    }

    private static boolean ready(String url) {
        try (PouwClient client = new PouwClient(URI.create(url), Ed25519.KeyPair.generate(), Duration.ofSeconds(5),
                Clock.system())) {
            return client.system().probe(true).ok();
        } catch (NodeException notYet) {
            return false;
        }
    }

    private static CommandFailed failed(String what, Path console) throws IOException {
        List<String> lines = Files.exists(console) ? Files.readAllLines(console, StandardCharsets.UTF_8) : List.of();
        String last = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        return new CommandFailed("start_failed", what + "; last lines of " + console + ": " + last,
                ExitCodes.REFUSED);
    }
}
