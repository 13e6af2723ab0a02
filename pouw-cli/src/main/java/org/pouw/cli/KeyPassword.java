package org.pouw.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Where the password of an encrypted key file comes from: a file ({@code --password-file}), the environment variable
 * {@value #ENV}, or a prompt without echo when a person is at a terminal — never the command line, which other users
 * of the machine can read in the process list.
 */
final class KeyPassword {
    static final String ENV = "POUW_KEY_PASSWORD";

    private final Path file;
    private final UnaryOperator<String> environment;

    KeyPassword(Path file, UnaryOperator<String> environment) {
        this.file = file;
        this.environment = environment;
    }

    static KeyPassword of(Path file) {
        return new KeyPassword(file, System::getenv);
    }

    /** The password as UTF-8 bytes (what PBES2 derives from, RFC 8018 §3); {@code confirm} asks twice at a prompt. */
    byte[] read(boolean confirm) {
        String password = fromFileOrEnvironment();
        if (password == null) {
            password = prompt(confirm);
        }
        if (password.isEmpty()) {
            throw new CommandFailed("empty_password", "the password is empty; an encrypted key needs one",
                    ExitCodes.USAGE);
        }
        return password.getBytes(StandardCharsets.UTF_8);
    }

    private String fromFileOrEnvironment() {
        if (file != null) {
            try {
                // The first line, so the newline an editor or `echo` adds is not part of the password.
                return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new CommandFailed("bad_password_file", "--password-file " + file + ": cannot read it ("
                        + e.getMessage() + ")", ExitCodes.USAGE);
            }
        }
        return environment.apply(ENV);
    }

    private static String prompt(boolean confirm) {
        Console console = System.console();
        if (console == null || !Terminal.isInteractive()) {
            throw new CommandFailed("no_password", "no password: give --password-file FILE or set " + ENV
                    + " (there is no terminal to ask at)", ExitCodes.USAGE);
        }
        char[] first = console.readPassword("Password: ");
        if (first == null) {
            throw new CommandFailed("no_password", "no password was typed", ExitCodes.USAGE);
        }
        if (confirm) {
            char[] again = console.readPassword("Password again: ");
            boolean same = Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, ' ');
            }
            if (!same) {
                throw new CommandFailed("password_mismatch", "the two passwords differ; nothing written",
                        ExitCodes.USAGE);
            }
        }
        String password = new String(first);
        Arrays.fill(first, ' ');
        return password;
    }
}
