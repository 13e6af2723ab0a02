package org.pouw.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pouw challenge get}: a signed challenge for your key, printed or saved. */
@Command(name = "challenge", description = "Challenges from the node's gate.", subcommands = ChallengeCommand.Get.class)
final class ChallengeCommand {
    @Command(name = "get", description = "Ask the node for a signed challenge for your key's did.")
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--kind", defaultValue = "hashcash", description = "hashcash (default) or useful")
        String kind;

        @Option(names = "--difficulty", defaultValue = "0",
                description = "hashcash bits to ask for; more than the node's only (default: the node's)")
        int difficulty;

        @Option(names = "--job", description = "the job a useful challenge names")
        String job;

        @Option(names = "--out", paramLabel = "FILE", description = "save the challenge here as well")
        Path out;

        @Override
        public Integer call() {
            try (PouwClient client = options.anonymousClient()) {
                String challenge = client.gate().challenge(options.loadKey().did().toString(), kind, difficulty, job);
                if (out != null) {
                    GateReceipts.write(out, challenge);
                }
                System.out.println(challenge);
            }
            return ExitCodes.OK;
        }
    }
}
