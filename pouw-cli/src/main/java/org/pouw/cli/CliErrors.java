package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.pouw.node.config.ConfigException;
import org.pouw.worker.NodeException;
import picocli.CommandLine;

/** Turns failures into one line on stderr and an exit code from {@link ExitCodes}; no stack traces for people. */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
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
