package org.pouw.cli.ml;

/**
 * A command-line value that cannot be used. It is an {@link IllegalArgumentException} because the CLI's error
 * handler maps those to exit code 2 (bad command line) with the message on one line; the message always starts
 * with the option it is about, so the user knows what to fix.
 */
final class BadOption extends IllegalArgumentException {
    BadOption(String option, String problem) {
        super(option + ": " + problem);
    }

    /** Fails with {@code "<option> must be <rule>, got <value>"} unless {@code ok}. */
    static void require(boolean ok, String option, String rule, Object value) {
        if (!ok) {
            throw new BadOption(option, "must be " + rule + ", got " + value);
        }
    }
}
