package org.pouw.cli.ml;

import picocli.CommandLine.Command;

/**
 * {@code pouw ml}: machine-learning training, the useful work of the {@code ml-train} kind. The subcommands here
 * train a model locally, evaluate a model file, and write, submit and follow training tasks on a node.
 */
@Command(name = "ml", mixinStandardHelpOptions = true, description = "Train and evaluate models locally; write, submit and follow ML training tasks.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, TaskCommand.class})
public final class MlCommand {
}
