package org.pouw.cli.ml;

import picocli.CommandLine.Command;

/**
 * {@code pouw ml sweep}: a grid of hyperparameters × K folds posted as one request, each point an ordinary training
 * task ({@code submit}), followed ({@code status}) and compared ({@code report}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Hyperparameter sweeps with cross-validation.",
        subcommands = {SweepSubmitCommand.class, SweepStatusCommand.class, SweepReportCommand.class})
final class SweepCommand {
}
