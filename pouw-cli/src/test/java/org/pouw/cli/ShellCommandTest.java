package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29 §3: {@code pouw shell} over JLine's dumb terminal on piped streams, running the real {@link PouwCli}:
 * good commands, a bad one that does not end the shell, and what Tab offers for a verb prefix. ShellIT presses Tab
 * on a real pseudo-terminal.
 */
class ShellCommandTest {
    @TempDir
    Path dir;

    record Ran(List<String> args, int exit) {
    }

    @Test
    void runs_each_line_as_a_command_survives_a_bad_one_and_completes_a_verb_prefix() throws Exception {
        Path config = dir.resolve("pouw.toml");
        Files.writeString(config, "[http]\nport = 9000\n");
        Path key = dir.resolve("k.key");
        String typed = "config validate --config " + config + "\n"
                + "frobnicate --now\n"
                + "keys new --out " + key + "\n"
                + "keys show --key '" + key + "'\n"
                + "exit\n"
                + "keys new --out " + dir.resolve("never.key") + "\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<Ran> ran = new ArrayList<>();
        Path history = dir.resolve("history");
        try (Terminal terminal = dumb(typed, screen)) {
            int exit = ShellCommand.run(terminal, history, args -> {
                CliRun run = CliRun.of(args);
                ran.add(new Ran(List.of(args), run.exit()));
                return run.exit();
            });
            assertThat(exit).isZero();
        }
        assertThat(ran).hasSize(4);
        assertThat(ran.get(0)).isEqualTo(new Ran(List.of("config", "validate", "--config", config.toString()), 0));
        assertThat(ran.get(1)).isEqualTo(new Ran(List.of("frobnicate", "--now"), ExitCodes.USAGE));
        assertThat(ran.get(2).exit()).isZero();
        assertThat(ran.get(3)).as("quotes are the shell's").isEqualTo(new Ran(List.of("keys", "show", "--key",
                key.toString()), 0));
        assertThat(key).exists();
        assertThat(dir.resolve("never.key")).as("nothing runs after exit").doesNotExist();
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("(exit code 2)");
        assertThat(Files.readString(history)).contains("frobnicate --now").contains("keys new --out");
    }

    @Test
    void tab_completes_a_verb_prefix_a_subcommand_and_an_option() throws Exception {
        try (Terminal terminal = dumb("", new ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            ShellCompleter completer = new ShellCompleter(new CommandLine(new PouwCli()).getCommandSpec(),
                    ShellCommand.ENDS);
            assertThat(completions(completer, reader, "sta")).containsExactly("status");
            assertThat(completions(completer, reader, "ex")).containsExactly("exit");
            assertThat(completions(completer, reader, "config va")).containsExactly("validate");
            assertThat(completions(completer, reader, "config init --tem")).containsExactly("--template");
        }
    }

    private static List<String> completions(ShellCompleter completer, LineReader reader, String line) {
        List<Candidate> candidates = new ArrayList<>();
        ParsedLine parsed = reader.getParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
        completer.complete(reader, parsed, candidates);
        return candidates.stream().map(Candidate::value).filter(value -> value.startsWith(parsed.word()))
                .sorted().toList();
    }

    /** JLine's dumb terminal over piped streams: no line editing, so a test's lines arrive as typed. */
    private static Terminal dumb(String typed, ByteArrayOutputStream screen) throws java.io.IOException {
        return new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8);
    }

    @Test
    void end_of_input_ends_the_shell() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<String> ran = new ArrayList<>();
        try (Terminal terminal = dumb("config --help\n", screen)) {
            assertThat(ShellCommand.run(terminal, dir.resolve("history"), args -> {
                ran.add(String.join(" ", args));
                return 0;
            })).isZero();
        }
        assertThat(ran).containsExactly("config --help");
    }
}
