package org.pouw.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;
import org.pouw.client.AdminApi;
import org.pouw.client.PouwClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw admin …}: the operator's verbs (issue 25, defect 8), each with the node's admin key
 * ({@code --key <data_dir>/admin.key}) and {@code --json} printing the node's answer as it came. Every change is
 * recorded by the node as an {@code admin.action} event naming the admin and citing the ledger entries it wrote.
 */
@Command(name = "admin", description = "Operate the market with the node's admin key: pause claiming, ban provers,"
        + " cancel jobs and intents, check a token secret rotation.",
        subcommands = {AdminCommand.Claiming.class, AdminCommand.Pause.class, AdminCommand.Resume.class,
                AdminCommand.Ban.class, AdminCommand.Unban.class, AdminCommand.Bans.class,
                AdminCommand.CancelJob.class, AdminCommand.CancelIntent.class, TokenSecretsCommand.class})
final class AdminCommand {
    private AdminCommand() {
    }

    /** Runs one call with the admin client and prints its answer: JSON under --json, else {@code human} of it. */
    static int run(ClientOptions options, Function<AdminApi, JsonNode> call, Function<JsonNode, String> human) {
        try (PouwClient client = options.client()) {
            JsonNode answer = call.apply(client.admin());
            options.printer().print(answer, human.apply(answer));
        }
        return ExitCodes.OK;
    }

    static String claimingLine(JsonNode answer) {
        if (!"paused".equals(answer.path("claiming").asString())) {
            return "claiming is open";
        }
        String reason = answer.path("reason").asString("");
        return "claiming is paused since " + answer.path("since_ms").asLong() + " ms by "
                + answer.path("paused_by").asString() + (reason.isEmpty() ? "" : ": " + reason);
    }

    @Command(name = "claiming", description = "Say whether claiming is paused.")
    static final class Claiming implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            return run(options, AdminApi::claiming, AdminCommand::claimingLine);
        }
    }

    @Command(name = "pause", description = "Pause claiming on every node sharing the database: claims get 503"
            + " claiming_paused; posting, renewing and submitting go on.")
    static final class Pause implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--reason", defaultValue = "", description = "shown to the provers whose claims are refused")
        String reason;

        @Override
        public Integer call() {
            return run(options, admin -> admin.pauseClaiming(reason), AdminCommand::claimingLine);
        }
    }

    @Command(name = "resume", description = "Resume claiming.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            return run(options, AdminApi::resumeClaiming, AdminCommand::claimingLine);
        }
    }

    @Command(name = "ban", description = "Ban a prover: its claims and submissions are refused and its leases end"
            + " (the jobs go back to the queue, no retry spent).")
    static final class Ban implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "DID", description = "the prover's did:key")
        String prover;

        @Option(names = "--reason", defaultValue = "", description = "why, for the record and the prover")
        String reason;

        @Override
        public Integer call() {
            return run(options, admin -> admin.ban(prover, reason), answer -> "banned " + prover + "; "
                    + answer.path("leases_ended").size() + " lease(s) ended");
        }
    }

    @Command(name = "unban", description = "Lift a prover's ban.")
    static final class Unban implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "DID")
        String prover;

        @Override
        public Integer call() {
            return run(options, admin -> admin.unban(prover), answer -> "unbanned " + prover);
        }
    }

    @Command(name = "bans", description = "List the banned provers.")
    static final class Bans implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            return run(options, AdminApi::bans, answer -> {
                StringBuilder out = new StringBuilder();
                for (JsonNode ban : answer.path("bans")) {
                    out.append(ban.path("prover").asString()).append("  since ").append(ban.path("since_ms").asLong())
                            .append(" ms  ").append(ban.path("reason").asString("")).append('\n');
                }
                return out.append(answer.path("bans").size()).append(" banned prover(s)").toString();
            });
        }
    }

    @Command(name = "cancel-job", description = "Cancel a pending, leased or dead-lettered job; its reserved fee goes"
            + " back to its requester, once.")
    static final class CancelJob implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Option(names = "--reason", defaultValue = "", description = "why, for the record")
        String reason;

        @Override
        public Integer call() {
            return run(options, admin -> admin.cancelJob(jobId, reason), answer -> "cancelled job " + jobId
                    + "; refunded " + answer.path("refund").asLong() + refundEntries(answer));
        }
    }

    @Command(name = "cancel-intent", description = "Cancel every job of an intent that still holds its fee;"
            + " completed jobs stay paid.")
    static final class CancelIntent implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "INTENT_ID")
        String intentId;

        @Option(names = "--reason", defaultValue = "", description = "why, for the record")
        String reason;

        @Override
        public Integer call() {
            return run(options, admin -> admin.cancelIntent(intentId, reason), answer -> "cancelled intent "
                    + intentId + ": " + answer.path("jobs").size() + " job(s), refunded "
                    + answer.path("refund").asLong() + refundEntries(answer));
        }
    }

    private static String refundEntries(JsonNode answer) {
        JsonNode seqs = answer.path("action").path("ledger_seqs");
        return seqs.isEmpty() ? "" : " (ledger entries " + seqs.valueStream().map(JsonNode::asString)
                .reduce((a, b) -> a + ", " + b).orElse("") + ")";
    }
}
