package org.pouw.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.core.Clock;
import org.pouw.core.job.Accelerator;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.kinds.hashchain.HashChainKind;
import org.pouw.kinds.mltrain.MlTrainKind;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.kinds.vmstark.VmBatchKind;
import org.pouw.kinds.vmstark.VmStarkKind;
import org.pouw.worker.Worker;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerHistory;
import org.pouw.worker.WorkerProbe;
import org.pouw.worker.WorkerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pouw worker --node URL --key FILE}: claim, prove and submit jobs until stopped (SIGTERM or Ctrl-C). */
@Command(name = "worker", description = "Work for a node: claim jobs, prove them, get paid. SIGTERM finishes or"
        + " hands back the jobs in hand.", subcommands = WorkerStatsCommand.class,
        defaultValueProvider = OptionFileDefaults.class)
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "a TOML file of these options without their"
            + " dashes (pouw config init --template worker); flags given here win over it")
    Path config;

    // Not picocli-required: a parent's required options would be asked of 'pouw worker stats' too.
    @Option(names = "--node", paramLabel = "URL", defaultValue = "${env:POUW_NODE}",
            description = "the node (env POUW_NODE)")
    String node;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:POUW_KEY}",
            description = "your key file; rewards go to its did:key (env POUW_KEY)")
    Path key;

    @Option(names = "--concurrency", defaultValue = "1", description = "jobs at once (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--tiers", split = ",", description = "tiers to take: micro, macro, full (default: any)")
    List<String> tiers = List.of();

    @Option(names = "--lease-ms", defaultValue = "60000", description = "lease to ask for (default ${DEFAULT-VALUE})")
    long leaseMs;

    @Option(names = "--min-reward", defaultValue = "0", paramLabel = "AMOUNT",
            description = "take only jobs paying at least this reward, in base units (default ${DEFAULT-VALUE}: any)")
    long minReward;

    @Option(names = "--memory-mb", defaultValue = "0", paramLabel = "MIB",
            description = "this machine's memory for jobs: take none that needs more (default ${DEFAULT-VALUE}: undeclared)")
    long memoryMb;

    @Option(names = "--max-work-units", defaultValue = "0", paramLabel = "UNITS",
            description = "the largest job to take, in work units (default ${DEFAULT-VALUE}: any)")
    long maxWorkUnits;

    @Option(names = "--cores", defaultValue = "0", paramLabel = "N",
            description = "this machine's cores for jobs: take none requiring more (default ${DEFAULT-VALUE}:"
                    + " undeclared, offered only jobs one core runs)")
    int cores;

    @Option(names = "--accelerators", split = ",", paramLabel = "NAME",
            description = "this machine's accelerators, comma-separated, of: avx2, avx512, neon, sve, cuda, rocm"
                    + " (default: none, offered no job requiring one)")
    List<String> accelerators = List.of();

    @Option(names = "--shutdown-grace", defaultValue = "30", paramLabel = "SECONDS",
            description = "on SIGTERM, time to finish jobs in hand before handing them back (default ${DEFAULT-VALUE})")
    long graceSeconds;

    @Option(names = "--json", description = "one JSON object per line instead of the terminal view")
    boolean json;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "-1",
            description = "serve /metrics (Prometheus) and /healthz on this port (0 picks one; default: none)")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "address of --metrics-port (default ${DEFAULT-VALUE}; 0.0.0.0 in a container)")
    String metricsHost;

    @Option(names = "--history", paramLabel = "FILE",
            description = "where each finished job is recorded, one JSON line a job, for 'pouw worker stats'"
                    + " (default: worker-history.jsonl beside --key)")
    Path history;

    /** Where the history goes when {@code --history} is not given: beside the key, one history per identity. */
    static Path defaultHistory(Path key) {
        return key.toAbsolutePath().resolveSibling("worker-history.jsonl");
    }

    @Override
    public Integer call() throws Exception {
        if (node == null || node.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--node=URL'");
        }
        if (key == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--key=FILE'");
        }
        Ed25519.KeyPair identity = KeyFile.load(key);
        WorkerOptions options = WorkerOptions.defaults(URI.create(node), identity).withTiers(tiers)
                .withConcurrency(concurrency).withLeaseMs(leaseMs).withMinReward(minReward)
                .withCapacity(new WorkerCapacity(memoryMb, maxWorkUnits).withMachine(cores,
                        Accelerator.mask("--accelerators", accelerators)))
                .withShutdownGrace(Duration.ofSeconds(graceSeconds));
        Worker worker = new Worker(options, List.of(new ReexecKind(), new HashChainKind(), new MlTrainKind(),
                new VmStarkKind(), new VmBatchKind()),
                both(WorkerDisplay.forStandardOutput(json),
                        new WorkerHistory(history == null ? defaultHistory(key) : history, Clock.system())));
        worker.stopOnShutdown();
        if (metricsPort < 0) {
            worker.run();
            return ExitCodes.OK;
        }
        try (WorkerProbe probe = WorkerProbe.start(metricsHost, metricsPort, () -> !worker.isStopped(),
                worker::stats)) {
            System.err.println("pouw worker: metrics and health on http://" + metricsHost + ":" + probe.port());
            worker.run();
        }
        return ExitCodes.OK;
    }

    private static WorkerDisplay both(WorkerDisplay shown, WorkerDisplay recorded) {
        return (event, totals) -> {
            recorded.show(event, totals);
            shown.show(event, totals);
        };
    }
}
