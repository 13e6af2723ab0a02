package org.pouw.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.HashChainIntent;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.IntentList;
import org.pouw.client.intents.NodeIntent;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.vm.Samples;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code pouw intent submit|status|list}: run a program verifiably, follow it to its proofs, list one's own. */
@Command(name = "intent", description = "Submit a program to run verifiably, check on one, or list your own.",
        subcommands = {IntentCommand.Submit.class, IntentCommand.Status.class, IntentCommand.ListMine.class})
final class IntentCommand {
    static final class Source {
        @Option(names = "--program", paramLabel = "FILE", description = "assembly source file (ARCHITECTURE §7)")
        Path program;

        @Option(names = "--sample", paramLabel = "NAME", description = "a built-in sample: fibonacci, power, harmonic")
        String sample;

        @Option(names = "--hash-chain", paramLabel = "SEED",
                description = "a hash-chain intent: prove y = H^steps(seed) with a STARK (use with --steps)")
        String hashChainSeed;

        String text() throws IOException {
            if (program != null) {
                return Files.readString(program);
            }
            if (!Samples.NAMES.contains(sample)) {
                throw new IllegalArgumentException("--sample must be one of " + Samples.NAMES + ", got " + sample);
            }
            return Samples.source(sample);
        }
    }

    @Command(name = "submit", description = "Execute a program on the node and pay for its proof jobs.")
    static final class Submit implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--inputs", split = ",", paramLabel = "N", description = "input field elements, r0 first")
        String[] inputs = new String[0];

        @Option(names = "--max-steps", defaultValue = "100000", description = "step bound (default ${DEFAULT-VALUE})")
        long maxSteps;

        @Option(names = "--tier", defaultValue = "macro", description = "macro (one job), micro (segments) or full (batched with other intents; zk_mode = stark nodes)")
        String tier;

        @Option(names = "--fee", defaultValue = "100", description = "fee in base units (default ${DEFAULT-VALUE})")
        long fee;

        @Option(names = "--steps", defaultValue = "1024", description = "hashes in a --hash-chain intent (default ${DEFAULT-VALUE})")
        long steps;

        @Option(names = "--wait", description = "follow the intent until every job is proven")
        boolean await;

        @Override
        public Integer call() throws Exception {
            String program = source.hashChainSeed == null ? source.text() : null;
            try (PouwClient client = options.client()) {
                IntentCreated created = program == null
                        ? client.intents().submit(new HashChainIntent(source.hashChainSeed, steps, fee))
                        : client.intents().submit(new ProgramIntent(program,
                                Arrays.stream(inputs).map(String::strip).toList(), maxSteps, tier, fee));
                String id = created.intentId();
                options.printer().print(created.json(), String.format("intent %s %s: %d steps, output %s, %d job(s)",
                        id, created.status(), created.steps(), created.output(), created.jobIds().size()));
                if (!await) {
                    return ExitCodes.OK;
                }
                JsonNode last = created.json();
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (System.nanoTime() < deadline) {
                    NodeIntent intent = client.intents().get(id);
                    last = intent.json();
                    String status = intent.status();
                    if (!status.equals("proving")) {
                        options.printer().print(last, "intent " + Printer.shortId(id) + " " + status);
                        return status.equals("proven") ? ExitCodes.OK : ExitCodes.REFUSED;
                    }
                    Thread.sleep(250);
                }
                options.printer().print(last, "intent " + Printer.shortId(id) + " still proving after 10 minutes");
                return ExitCodes.REFUSED;
            }
        }
    }

    @Command(name = "status", description = "Show an intent: status, output, jobs and their proofs.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "INTENT_ID")
        String intentId;

        @Override
        public Integer call() {
            // An intent's inputs and output are its requester's: read them with the requester's key.
            try (PouwClient client = options.client()) {
                NodeIntent intent = client.intents().get(intentId);
                StringBuilder human = new StringBuilder(String.format("intent %s  %s%nsteps %d  output %s  fee %d",
                        intent.intentId(), intent.status(), intent.steps(), intent.output(), intent.fee()));
                for (NodeIntent.ProofJob job : intent.jobs()) {
                    human.append(String.format("%n  job %s  %-11s proof %s", job.jobId(), job.status(),
                            job.proofRef()));
                }
                options.printer().print(intent.json(), human.toString());
            }
            return ExitCodes.OK;
        }
    }

    /**
     * {@code pouw intent list}: the caller's own intents, newest first, a line each; {@code --cursor} pages on,
     * {@code --kind} keeps those with a job of that kind.
     */
    @Command(name = "list", description = "List your intents, newest first, a page at a time.")
    static final class ListMine implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Mixin
        CursorPageOptions page;

        @Option(names = "--kind", description = "Only intents with a job of this kind (reexec, vm-stark, ...).")
        String kind;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                IntentList mine = client.intents().mine(page.limit, page.cursor, kind);
                List<String> rows = new ArrayList<>();
                for (NodeIntent intent : mine.intents()) {
                    long proven = intent.jobs().stream().filter(job -> job.status().equals("completed")).count();
                    rows.add(String.format("%s  %-7s %-5s fee %d  %d/%d proven  %s", intent.intentId(),
                            intent.status(), intent.tier(), intent.fee(), proven, intent.jobs().size(),
                            Instant.ofEpochMilli(intent.createdAtMs())));
                }
                options.printer().print(mine.json(), CursorPageOptions.lines(rows, "intents", mine.nextCursor()));
            }
            return ExitCodes.OK;
        }
    }
}
