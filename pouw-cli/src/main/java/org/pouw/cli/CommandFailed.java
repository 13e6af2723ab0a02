package org.pouw.cli;

/**
 * A command could not do what it was asked, for a reason it can name: {@link CliErrors} prints the message (as
 * {@code {"error":{"code","message"}}} under {@code --json}) and exits with the given code.
 */
final class CommandFailed extends RuntimeException {
    private final String code;
    private final int exit;

    CommandFailed(String code, String message, int exit) {
        super(message);
        this.code = code;
        this.exit = exit;
    }

    String code() {
        return code;
    }

    int exit() {
        return exit;
    }
}
