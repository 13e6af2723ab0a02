package org.pouw.cli.ml;

import picocli.CommandLine.Command;

/**
 * {@code pouw ml sweep}: a grid or a seeded random search of hyperparameters × K folds posted as one request, each
 * point an ordinary training task ({@code submit}), listed ({@code list}), followed ({@code status}), compared
 * ({@code report}), while tasks wait unclaimed, cancelled with their fees refunded ({@code cancel}), and given a final
 * retrain asked for after submitting ({@code final}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Hyperparameter sweeps with cross-validation.",
        subcommands = {SweepSubmitCommand.class, SweepListCommand.class, SweepStatusCommand.class,
                SweepReportCommand.class, SweepCancelCommand.class, SweepFinalCommand.class})
final class SweepCommand {
}
