package org.pouw.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pouw shell}: one {@code pouw} command a line ({@code status}, {@code jobs list}, …), each parsed and run
 * exactly as on the command line, with line editing, history kept across sessions and Tab completion of verbs and
 * options ({@link ShellCompleter}). A failing command prints its error and exit code and the shell goes on;
 * {@code exit}, {@code quit} or Ctrl-D ends it, Ctrl-C drops the line being typed.
 */
@Command(name = "shell", description = "An interactive pouw: one command a line (e.g. 'status', 'job list'), with"
        + " history and Tab completion; 'exit' or Ctrl-D ends it.")
final class ShellCommand implements Callable<Integer> {
    static final List<String> ENDS = List.of("exit", "quit");

    @Option(names = "--history", paramLabel = "FILE",
            description = "where the line history is kept (default: .pouw_history in your home folder)")
    Path history;

    @Override
    public Integer call() throws IOException {
        Path file = history != null ? history : Path.of(System.getProperty("user.home"), ".pouw_history");
        try (org.jline.terminal.Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return run(terminal, file, PouwCli::run);
        }
    }

    /** Reads and runs lines until {@code exit} or end of input; {@code runner} is {@link PouwCli#run} but in tests. */
    static int run(org.jline.terminal.Terminal terminal, Path history, ToIntFunction<String[]> runner)
            throws IOException {
        if (terminal.getWidth() <= 0) {
            // a pseudo-terminal whose size nobody set (script(1) fed from a pipe) reports 0 columns, and JLine
            // would squeeze the prompt to nothing
            terminal.setSize(new Size(80, 24));
        }
        CommandLine.Model.CommandSpec root = new CommandLine(new PouwCli()).getCommandSpec();
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("pouw")
                .completer(new ShellCompleter(root, ENDS)).variable(LineReader.HISTORY_FILE, history).build();
        terminal.writer().println("pouw shell: one command a line, Tab completes, 'exit' or Ctrl-D ends.");
        while (true) {
            String line;
            try {
                line = reader.readLine("pouw> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words = reader.getParser().parse(line, line.length()).words().stream()
                    .filter(word -> !word.isEmpty()).toList();
            if (words.isEmpty()) {
                continue;
            }
            if (ENDS.contains(words.getFirst())) {
                break;
            }
            if (words.getFirst().equals("shell")) {
                terminal.writer().println("already in the pouw shell");
                continue;
            }
            terminal.flush();
            int exit = runner.applyAsInt(words.toArray(String[]::new));
            System.out.flush();
            System.err.flush();
            if (exit != ExitCodes.OK) {
                terminal.writer().println("(exit code " + exit + ")");
            }
            terminal.flush();
        }
        reader.getHistory().save();
        return ExitCodes.OK;
    }
}
