package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.DeadLetter;
import org.pouw.client.jobs.DeadLetterPage;
import org.pouw.client.jobs.NodeAttempt;
import org.pouw.client.jobs.NodeJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code pouw dead-letter list|retry}: jobs that ran out of attempts, and requeueing them (admin). */
@Command(name = "dead-letter", description = "List jobs that ran out of attempts, or requeue one (admin key).",
        subcommands = {DeadLetterCommand.ListDead.class, DeadLetterCommand.Retry.class})
final class DeadLetterCommand {
    @Command(name = "list", description = "List dead-lettered jobs with each attempt's reason.")
    static final class ListDead implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            try (PouwClient client = options.anonymousClient()) {
                DeadLetterPage page = client.jobs().deadLetters();
                StringBuilder human = new StringBuilder();
                for (DeadLetter dead : page.jobs()) {
                    human.append(JobCommand.row(dead.job())).append('\n');
                    for (NodeAttempt attempt : dead.attemptHistory()) {
                        human.append(String.format("    #%d %s: %s%n", attempt.attempt(), attempt.outcome(),
                                attempt.reason()));
                    }
                }
                human.append(page.jobs().size()).append(" dead-lettered job(s)");
                options.printer().print(page.json(), human.toString());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "retry", description = "Requeue a dead-lettered job; needs --key <data_dir>/admin.key.")
    static final class Retry implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                NodeJob job = client.jobs().retryDeadLetter(jobId);
                // The node answers {"job": …}; --json prints that answer as it came.
                options.printer().print(JsonMapper.builder().build().createObjectNode().set("job", job.json()),
                        "job " + jobId + " is " + job.status() + " again");
            }
            return ExitCodes.OK;
        }
    }
}
