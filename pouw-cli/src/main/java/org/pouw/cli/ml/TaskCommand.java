package org.pouw.cli.ml;

import picocli.CommandLine.Command;

/**
 * {@code pouw ml task}: training tasks — written to a file ({@code new}), sent to a node with their data and fee
 * ({@code submit}), and followed to the verified model ({@code status}).
 */
@Command(name = "task", mixinStandardHelpOptions = true, description = "ML training tasks.",
        subcommands = {TaskNewCommand.class, TaskSubmitCommand.class, TaskStatusCommand.class})
final class TaskCommand {
}
