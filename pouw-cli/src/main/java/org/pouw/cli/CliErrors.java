package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.pouw.client.NodeException;
import org.pouw.node.config.ConfigException;
import picocli.CommandLine;

/** Turns failures into one line on stderr and an exit code from {@link ExitCodes}; no stack traces for people. */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    /** A bad command line: the one line that says what is wrong and where to look, not the whole usage text. */
    static int usage(CommandLine.ParameterException e, String[] args) {
        System.err.println("pouw: " + e.getMessage());
        System.err.println("pouw: see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        if (e instanceof NodeException node) {
            System.err.println("pouw: " + node.getMessage());
            return node.status() == NodeException.UNREACHABLE ? ExitCodes.UNREACHABLE : ExitCodes.REFUSED;
        }
        if (e instanceof ConfigException) {
            System.err.println("pouw: bad configuration: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        if (e instanceof IllegalArgumentException) {
            System.err.println("pouw: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            System.err.println("pouw: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
        System.err.println("pouw: unexpected error: " + e);
        e.printStackTrace(System.err);
        return ExitCodes.REFUSED;
    }
}
