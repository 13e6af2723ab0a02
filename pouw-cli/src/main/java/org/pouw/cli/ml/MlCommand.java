package org.pouw.cli.ml;

import picocli.CommandLine.Command;

/**
 * {@code pouw ml}: machine-learning training, the useful work of the {@code ml-train} kind. The subcommands here
 * run locally and need no node: train a model, evaluate a model file, write a training task.
 */
@Command(name = "ml", mixinStandardHelpOptions = true, description = "Train and evaluate models locally; write ML training tasks.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, TaskCommand.class})
public final class MlCommand {
}
