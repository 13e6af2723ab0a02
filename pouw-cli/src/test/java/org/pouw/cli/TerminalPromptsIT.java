package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;

/**
 * Issue 29 §3: the prompts a person meets at a terminal, each through a real process on a pseudo-terminal — the
 * password of {@code pouw keys export --encrypt} and {@code pouw keys import} (asked twice on export, never echoed,
 * a mismatch or a wrong password refused with nothing written), and {@code pouw config edit}'s "Edit again?" after an
 * edit that would not load (yes: the editor opens again and the fixed file is saved; no: the file is left as it was,
 * exit 4).
 */
class TerminalPromptsIT {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    @Test
    void the_key_password_is_asked_twice_never_echoed_and_a_wrong_one_is_refused() throws Exception {
        Ed25519.KeyPair pair = KeyFile.loadOrCreate(dir.resolve("client.key"));
        Path pem = dir.resolve("client.pem");

        try (TerminalSession session = TerminalSession.start(dir, "keys", "export", "--key", "client.key", "--out",
                "client.pem", "--encrypt")) {
            session.expect("Password: ").type(PASSWORD);
            session.expect("Password again: ").type(PASSWORD + " typo");
            session.expect("the two passwords differ; nothing written");
            assertThat(session.exit()).as(session.screen()).isEqualTo(ExitCodes.USAGE);
            assertThat(pem).as("a mismatch writes nothing").doesNotExist();
        }
        try (TerminalSession session = TerminalSession.start(dir, "keys", "export", "--key", "client.key", "--out",
                "client.pem", "--encrypt")) {
            session.expect("Password: ").type(PASSWORD);
            session.expect("Password again: ").type(PASSWORD);
            session.expect("encrypted");
            assertThat(session.exit()).as(session.screen()).isZero();
            assertThat(session.screen()).as("the password is not echoed").doesNotContain("horse");
        }
        assertThat(Files.readString(pem, StandardCharsets.US_ASCII)).contains("BEGIN ENCRYPTED PRIVATE KEY");

        try (TerminalSession session = TerminalSession.start(dir, "keys", "import", "client.pem", "--out",
                "imported.key")) {
            session.expect("Password: ").type("not the password");
            session.expect("nothing written");
            assertThat(session.exit()).as(session.screen()).isEqualTo(ExitCodes.REFUSED);
            assertThat(dir.resolve("imported.key")).as("a wrong password writes nothing").doesNotExist();
        }
        try (TerminalSession session = TerminalSession.start(dir, "keys", "import", "client.pem", "--out",
                "imported.key")) {
            session.expect("Password: ").type(PASSWORD);
            session.expect("imported into");
            assertThat(session.exit()).as(session.screen()).isZero();
        }
        assertThat(KeyFile.load(dir.resolve("imported.key")).did()).isEqualTo(pair.did());
    }

    @Test
    void an_edit_that_would_not_load_is_offered_again_and_saved_once_fixed() throws Exception {
        Path file = writeWorkerConfig("worker.toml");
        String before = Files.readString(file);
        // The editor's first run puts in a bad value, its second a good one: the file's "Edit again? y" path.
        Path editor = editorScript("fix-on-second-run.sh", """
                #!/bin/sh
                runs="$0.runs"
                if [ -f "$runs" ]; then
                  sed -i 's/^concurrency = .*/concurrency = 3/' "$1"
                else
                  touch "$runs"
                  sed -i 's/^concurrency = .*/concurrency = "many"/' "$1"
                fi
                """);
        try (TerminalSession session = TerminalSession.start(dir, Map.of("EDITOR", editor.toString(), "VISUAL", ""),
                "config", "edit", "--config", file.toString())) {
            session.expect("would not load:").expect("concurrency");
            session.expect("Edit again? [Y/n] ").type("y");
            session.expect("saved " + file);
            assertThat(session.exit()).as(session.screen()).isZero();
        }
        assertThat(Files.readString(file)).contains("concurrency = 3").isNotEqualTo(before);
    }

    @Test
    void an_edit_that_would_not_load_and_is_not_retried_leaves_the_file_as_it_was() throws Exception {
        Path file = writeWorkerConfig("worker.toml");
        String before = Files.readString(file);
        Path editor = editorScript("break-it.sh", """
                #!/bin/sh
                sed -i 's/^concurrency = .*/concurrency = "many"/' "$1"
                """);
        try (TerminalSession session = TerminalSession.start(dir, Map.of("EDITOR", editor.toString(), "VISUAL", ""),
                "config", "edit", "--config", file.toString())) {
            session.expect("Edit again? [Y/n] ").type("n");
            session.expect("left unchanged");
            assertThat(session.exit()).as(session.screen()).isEqualTo(ExitCodes.CONFIG);
        }
        assertThat(Files.readString(file)).as("the file as it was").isEqualTo(before);
        try (var left = Files.list(dir)) {
            assertThat(left.map(path -> path.getFileName().toString())).as("no edit copy left behind")
                    .noneMatch(name -> name.contains(".edit-"));
        }
    }

    private Path writeWorkerConfig(String name) {
        Path file = dir.resolve(name);
        CliProcess.Result init = CliProcess.run(dir, "config", "init", "--template", "worker", "--out",
                file.toString(), "--set", "concurrency=2", "--no-input");
        assertThat(init.exit()).as(init.out() + init.err()).isZero();
        return file;
    }

    private Path editorScript(String name, String text) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
