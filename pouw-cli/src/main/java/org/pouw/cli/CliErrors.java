package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.pouw.client.NodeException;
import org.pouw.node.config.ConfigException;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns failures into one line and an exit code from {@link ExitCodes}; no stack traces for people. Under
 * {@code --json} the line is {@code {"error":{"code","message"}}} on stdout, the API's own error shape, so a script
 * reads every outcome from one stream (issue 25, defect 3); otherwise it is text on stderr.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JSON_FLAG = "--json";

    /** A bad command line: the one line that says what is wrong and where to look, not the whole usage text. */
    static int usage(CommandLine.ParameterException e, String[] args) {
        String help = "see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
        if (Arrays.asList(args).contains(JSON_FLAG)) {
            printJson("bad_command_line", e.getMessage() + "; " + help);
        } else {
            System.err.println("pouw: " + e.getMessage());
            System.err.println("pouw: " + help);
        }
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        Failure failure = classify(e);
        if (wantsJson(parsed)) {
            printJson(failure.code(), failure.message());
        } else {
            System.err.println("pouw: " + failure.text());
            if (failure.unexpected()) {
                e.printStackTrace(System.err);
            }
        }
        return failure.exit();
    }

    /** What went wrong, in the words both outputs use. */
    private record Failure(String code, String message, String text, int exit, boolean unexpected) {
        static Failure of(String code, String message, int exit) {
            return new Failure(code, message, message, exit, false);
        }
    }

    private static Failure classify(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof CommandFailed failed) {
            return Failure.of(failed.code(), message, failed.exit());
        }
        if (e instanceof NodeException node) {
            boolean unreachable = node.status() == NodeException.UNREACHABLE;
            String code = node.code().isEmpty() ? "http_" + node.status() : node.code();
            return Failure.of(code, message, unreachable ? ExitCodes.UNREACHABLE : ExitCodes.REFUSED);
        }
        if (e instanceof ConfigException) {
            return new Failure("bad_configuration", message, "bad configuration: " + message, ExitCodes.CONFIG,
                    false);
        }
        if (e instanceof IllegalArgumentException) {
            return Failure.of("bad_input", message, ExitCodes.USAGE);
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return Failure.of("io_error", message, ExitCodes.REFUSED);
        }
        return new Failure("internal", e.toString(), "unexpected error: " + e, ExitCodes.REFUSED, true);
    }

    /** True when the command that ran, or any command above it, was given {@code --json}. */
    private static boolean wantsJson(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null;
             level = level.hasSubcommand() ? level.subcommand() : null) {
            if (level.hasMatchedOption(JSON_FLAG)) {
                return true;
            }
        }
        return false;
    }

    private static void printJson(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", code).put("message", message);
        System.out.println(JSON.writeValueAsString(error));
    }
}
