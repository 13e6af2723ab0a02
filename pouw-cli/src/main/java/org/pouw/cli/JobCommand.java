package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.JobFilter;
import org.pouw.client.jobs.JobHistory;
import org.pouw.client.jobs.JobPage;
import org.pouw.client.jobs.NodeAttempt;
import org.pouw.client.jobs.NodeJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pouw job list|show|history}: the market's jobs. */
@Command(name = "job", description = "List jobs, show one, or its attempt history.",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Show.class, JobCommand.History.class})
final class JobCommand {
    static String row(NodeJob job) {
        return String.format("%s  %-11s %-10s %-6s fee %-6d attempts %d/%d", job.jobId(), job.status(), job.kind(),
                job.tier(), job.feeBudget(), job.attempts(), job.maxRetries());
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
            JobFilter filter = JobFilter.all().withLimit(limit).withStatus(status).withKind(kind).withTier(tier)
                    .withCursor(cursor);
            try (PouwClient client = options.anonymousClient()) {
                JobPage page = client.jobs().list(filter);
                StringBuilder human = new StringBuilder();
                for (NodeJob job : page.jobs()) {
                    human.append(row(job)).append('\n');
                }
                human.append(page.jobs().size()).append(" job(s)");
                if (page.nextCursor() != null) {
                    human.append("; more with --cursor ").append(page.nextCursor());
                }
                options.printer().print(page.json(), human.toString());
            }
            return ExitCodes.OK;
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
            try (PouwClient client = options.anonymousClient()) {
                NodeJob job = client.jobs().get(jobId);
                options.printer().print(job.json(), row(job) + String.format(
                        "%nintent %s%ntrace  %s (blob %s)%nproof  %s", job.intentId(), job.traceHash(),
                        job.traceRef(), job.proofRef()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", description = "Show a job's attempts: who held it, how each ended, and (with"
            + " reputation levels on) the level it was taken and audited at.")
    static final class History implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Override
        public Integer call() {
            try (PouwClient client = options.anonymousClient()) {
                JobHistory history = client.jobs().history(jobId);
                StringBuilder human = new StringBuilder("job " + jobId + "  " + history.status());
                for (NodeAttempt attempt : history.attempts()) {
                    human.append(String.format("%n  #%d  %-15s %s  %s", attempt.attempt(), attempt.outcome(),
                            Printer.shortId(attempt.proverId()), attempt.reason()));
                    // issue 27: under which level the attempt was taken, and its audit sample drawn
                    if (!attempt.level().isEmpty()) {
                        human.append("  [level ").append(attempt.level());
                        if (!attempt.auditLevel().isEmpty()) {
                            human.append(", audited as ").append(attempt.auditLevel());
                        }
                        human.append(']');
                    }
                }
                options.printer().print(history.json(), human.toString());
            }
            return ExitCodes.OK;
        }
    }
}
