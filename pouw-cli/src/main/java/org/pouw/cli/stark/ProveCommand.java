package org.pouw.cli.stark;

import picocli.CommandLine.Command;

/** {@code pouw prove <computation>}: proves a computation with a STARK and writes the proof to a file. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Prove a computation with a STARK; anyone can check the proof with 'pouw verify'.",
        subcommands = {HashChainProveCommand.class})
public final class ProveCommand {
}
