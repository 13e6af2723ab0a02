package org.pouw.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.pouw.vm.Samples;
import org.pouw.worker.NodeClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pouw intent submit|status}: run a program verifiably and follow it to its proofs. */
@Command(name = "intent", description = "Submit a program to run verifiably, or check on one.",
        subcommands = {IntentCommand.Submit.class, IntentCommand.Status.class})
final class IntentCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

        @Option(names = "--tier", defaultValue = "macro", description = "macro (one job) or micro (segments)")
        String tier;

        @Option(names = "--fee", defaultValue = "100", description = "fee in base units (default ${DEFAULT-VALUE})")
        long fee;

        @Option(names = "--steps", defaultValue = "1024", description = "hashes in a --hash-chain intent (default ${DEFAULT-VALUE})")
        long steps;

        @Option(names = "--wait", description = "follow the intent until every job is proven")
        boolean await;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode();
            if (source.hashChainSeed != null) {
                body.put("kind", "hash-chain").put("seed", source.hashChainSeed).put("steps", steps);
            } else {
                body.put("program", source.text());
                ArrayNode values = body.putArray("inputs");
                for (String input : inputs) {
                    values.add(input.strip());
                }
                body.put("max_steps", maxSteps).put("tier", tier);
            }
            body.put("fee", fee);
            try (NodeClient client = options.client()) {
                JsonNode created = client.postJson("/v1/intents", body);
                String id = created.path("intent_id").asString();
                options.printer().print(created, String.format("intent %s %s: %d steps, output %s, %d job(s)",
                        id, created.path("status").asString(), created.path("steps").asLong(),
                        created.path("output"), created.path("job_ids").size()));
                if (!await) {
                    return ExitCodes.OK;
                }
                JsonNode last = created;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (System.nanoTime() < deadline) {
                    last = client.getJson("/v1/intents/" + id);
                    String status = last.path("status").asString();
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
            try (NodeClient client = options.anonymousClient()) {
                JsonNode intent = client.getJson("/v1/intents/" + intentId);
                StringBuilder human = new StringBuilder(String.format("intent %s  %s%nsteps %d  output %s  fee %d",
                        intent.path("intent_id").asString(), intent.path("status").asString(),
                        intent.path("steps").asLong(), intent.path("output"), intent.path("fee").asLong()));
                for (JsonNode job : intent.path("jobs")) {
                    human.append(String.format("%n  job %s  %-11s proof %s", job.path("job_id").asString(),
                            job.path("status").asString(), job.path("proof_ref").asString("-")));
                }
                options.printer().print(intent, human.toString());
            }
            return ExitCodes.OK;
        }
    }
}
