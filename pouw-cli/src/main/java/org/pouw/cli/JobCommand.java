package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.worker.NodeClient;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pouw job list|show|history}: the market's jobs. */
@Command(name = "job", description = "List jobs, show one, or its attempt history.",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Show.class, JobCommand.History.class})
final class JobCommand {
    static String row(JsonNode job) {
        return String.format("%s  %-11s %-10s %-6s fee %-6d attempts %d/%d", job.path("job_id").asString(),
                job.path("status").asString(), job.path("kind").asString(), job.path("tier").asString(),
                job.path("fee_budget").asLong(), job.path("attempts").asInt(), job.path("max_retries").asInt());
    }

    @Command(name = "list", description = "List jobs in creation order, a page at a time.")
    static final class ListJobs implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--status", description = "pending, in_progress, completed, failed, expired, dead_letter")
        String status;

        @Option(names = "--kind")
        String kind;

        @Option(names = "--tier")
        String tier;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Option(names = "--cursor", description = "next_cursor of the previous page")
        String cursor;

        @Override
        public Integer call() {
            StringBuilder path = new StringBuilder("/v1/pouw/jobs?limit=" + limit);
            append(path, "status", status);
            append(path, "kind", kind);
            append(path, "tier", tier);
            append(path, "cursor", cursor);
            try (NodeClient client = options.anonymousClient()) {
                JsonNode page = client.getJson(path.toString());
                StringBuilder human = new StringBuilder();
                for (JsonNode job : page.path("jobs")) {
                    human.append(row(job)).append('\n');
                }
                human.append(page.path("jobs").size()).append(" job(s)");
                if (!page.path("next_cursor").isNull()) {
                    human.append("; more with --cursor ").append(page.path("next_cursor").asString());
                }
                options.printer().print(page, human.toString());
            }
            return ExitCodes.OK;
        }

        private static void append(StringBuilder path, String name, String value) {
            if (value != null) {
                path.append('&').append(name).append('=').append(java.net.URLEncoder.encode(value,
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Command(name = "show", description = "Show one job.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Override
        public Integer call() {
            try (NodeClient client = options.anonymousClient()) {
                JsonNode job = client.getJson("/v1/pouw/jobs/" + jobId);
                options.printer().print(job, row(job) + String.format("%nintent %s%ntrace  %s (blob %s)%nproof  %s",
                        job.path("intent_id").asString(), job.path("trace_hash").asString(),
                        job.path("trace_ref").asString(), job.path("proof_ref").asString("-")));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", description = "Show a job's attempts: who held it and how each ended.")
    static final class History implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Override
        public Integer call() {
            try (NodeClient client = options.anonymousClient()) {
                JsonNode history = client.getJson("/v1/pouw/jobs/" + jobId + "/history");
                StringBuilder human = new StringBuilder("job " + jobId + "  " + history.path("status").asString());
                for (JsonNode attempt : history.path("attempts")) {
                    human.append(String.format("%n  #%d  %-15s %s  %s", attempt.path("attempt").asInt(),
                            attempt.path("outcome").asString(), Printer.shortId(attempt.path("prover_id").asString()),
                            attempt.path("reason").asString("")));
                }
                options.printer().print(history, human.toString());
            }
            return ExitCodes.OK;
        }
    }
}
