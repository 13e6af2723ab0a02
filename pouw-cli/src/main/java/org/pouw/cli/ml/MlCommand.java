package org.pouw.cli.ml;

import picocli.CommandLine.Command;

/**
 * {@code pouw ml}: machine-learning training, the useful work of the {@code ml-train} kind. The subcommands here
 * train a model locally, evaluate a model file, write, submit and follow training tasks on a node, and run
 * federated training with robust aggregation against poisoning clients.
 */
@Command(name = "ml", mixinStandardHelpOptions = true, description = "Train and evaluate models locally; write, submit and follow ML training tasks.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, ExportCommand.class, ImportCommand.class, TaskCommand.class,
            SweepCommand.class, FederatedCommand.class})
public final class MlCommand {
}
