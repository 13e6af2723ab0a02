package org.pouw.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pouw} command. Every subcommand prints for people by default and JSON with {@code --json}; exit codes
 * are listed in {@link ExitCodes} so scripts can rely on them.
 */
@Command(name = "pouw", mixinStandardHelpOptions = true, version = "pouw 0.1.0",
        description = "Proof-of-Useful-Work node, worker and client.",
        subcommands = {NodeCommand.class, WorkerCommand.class, KeysCommand.class, IntentCommand.class,
                JobCommand.class, DeadLetterCommand.class, BalanceCommand.class, SendCommand.class,
                StatusCommand.class, LedgerCommand.class, BackupCommand.class, RestoreCommand.class, ChallengeCommand.class, ReceiptCommand.class,
                TokenCommand.class, PartnerCommand.class, AdminCommand.class, PoolCommand.class, PeersCommand.class, ChainCommand.class,
                MineCommand.class, ConfigCommand.class, MarketCommand.class, DoctorCommand.class,
                ShellCommand.class, LogsCommand.class, NodesCommand.class,
                org.pouw.cli.chain.WalletCommand.class, org.pouw.cli.chain.ChainTaskCommand.class,
                org.pouw.cli.ml.MlCommand.class,
                org.pouw.cli.stark.ProveCommand.class, org.pouw.cli.stark.VerifyCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the node refused the request (see the message)", "2:bad command line",
                "3:node unreachable", "4:bad configuration", "5:a check failed (ledger verify, verify)"})
public final class PouwCli {
    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger HELIDON = java.util.logging.Logger.getLogger("io.helidon");

    public static void main(String[] args) {
        // Helidon announces its features and sockets at INFO; the node prints its own start-up banner.
        HELIDON.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine root = new CommandLine(new PouwCli());
        offerHelp(root);
        return root.setExecutionExceptionHandler(new CliErrors())
                .setParameterExceptionHandler(CliErrors::usage)
                .execute(args);
    }

    /**
     * Gives every command in the tree a {@code -h}/{@code --help} that prints its usage and exits 0 (issue 18,
     * defect 9): done once here rather than on each annotation, so a command added later cannot forget it. A
     * command that already has a usage-help option keeps its own; a name it already uses for something else is
     * left to it.
     */
    static void offerHelp(CommandLine command) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        boolean hasHelp = spec.options().stream().anyMatch(CommandLine.Model.OptionSpec::usageHelp);
        if (!hasHelp) {
            List<String> names = new ArrayList<>();
            for (String name : List.of("-h", "--help")) {
                if (spec.findOption(name) == null) {
                    names.add(name);
                }
            }
            if (!names.isEmpty()) {
                spec.addOption(CommandLine.Model.OptionSpec.builder(names.toArray(String[]::new)).usageHelp(true)
                        .description("Show this help message and exit.").build());
            }
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            offerHelp(sub);
        }
    }
}
