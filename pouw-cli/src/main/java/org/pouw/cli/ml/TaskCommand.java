package org.pouw.cli.ml;

import picocli.CommandLine.Command;

/**
 * {@code pouw ml task}: training tasks as files. {@code submit} and {@code status}, which talk to a node, come
 * with the node's ml-train integration.
 */
@Command(name = "task", mixinStandardHelpOptions = true, description = "ML training tasks.", subcommands = {TaskNewCommand.class})
final class TaskCommand {
}
