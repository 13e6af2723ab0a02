package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.worker.NodeClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
            try (NodeClient client = options.anonymousClient()) {
                JsonNode page = client.getJson("/v1/pouw/dead-letter");
                StringBuilder human = new StringBuilder();
                for (JsonNode job : page.path("jobs")) {
                    human.append(JobCommand.row(job)).append('\n');
                    for (JsonNode attempt : job.path("attempt_history")) {
                        human.append(String.format("    #%d %s: %s%n", attempt.path("attempt").asInt(),
                                attempt.path("outcome").asString(), attempt.path("reason").asString()));
                    }
                }
                human.append(page.path("jobs").size()).append(" dead-lettered job(s)");
                options.printer().print(page, human.toString());
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
            try (NodeClient client = options.client()) {
                JsonNode result = client.postJson("/v1/pouw/dead-letter/" + jobId + "/retry",
                        JsonMapper.builder().build().createObjectNode());
                options.printer().print(result, "job " + jobId + " is "
                        + result.path("job").path("status").asString() + " again");
            }
            return ExitCodes.OK;
        }
    }
}
