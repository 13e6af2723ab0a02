package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29 §3: {@code pouw shell} as a process on a pseudo-terminal: Tab completes a verb's prefix, a bad command
 * prints its error and the shell goes on, and {@code exit} ends it with 0.
 */
class ShellIT {
    @TempDir
    Path dir;

    @Test
    void tab_completes_a_bad_line_is_survived_and_exit_ends_it() throws Exception {
        Path config = dir.resolve("pouw.toml");
        Files.writeString(config, "[http]\nport = 9000\n");
        try (TerminalSession session = TerminalSession.start(dir, "shell", "--history",
                dir.resolve("history").toString())) {
            session.expect("pouw> ").type("frobnicate");
            session.expect("Unmatched argument").expect("(exit code 2)");
            session.expect("pouw> ").type("config va\t --config " + config);
            session.expect("valid node configuration");
            session.expect("pouw> ").type("exit");
            assertThat(session.exit()).as(session.screen()).isZero();
        }
        assertThat(Files.readString(dir.resolve("history"))).containsPattern("config validate +--config");
    }
}
