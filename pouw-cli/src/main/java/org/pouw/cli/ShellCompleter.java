package org.pouw.cli;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Completes a {@code pouw shell} line from the same picocli command tree the command line uses, so a verb added to
 * {@link PouwCli} completes with no change here: the words before the cursor walk down the subcommands, and the
 * word under it is offered that command's subcommands, or its options when it starts with a dash.
 */
final class ShellCompleter implements Completer {
    private final CommandSpec root;
    private final List<String> shellWords;

    ShellCompleter(CommandSpec root, List<String> shellWords) {
        this.root = root;
        this.shellWords = List.copyOf(shellWords);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        CommandSpec command = root;
        List<String> words = line.words();
        for (int i = 0; i < line.wordIndex() && i < words.size(); i++) {
            CommandLine sub = command.subcommands().get(words.get(i));
            if (sub != null) {
                command = sub.getCommandSpec();
            }
        }
        String current = line.word();
        if (current.startsWith("-")) {
            for (OptionSpec option : command.options()) {
                if (!option.hidden()) {
                    for (String name : option.names()) {
                        candidates.add(new Candidate(name, name, null, first(option.description()), null, null,
                                option.arity().max() == 0));
                    }
                }
            }
            return;
        }
        command.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                candidates.add(new Candidate(name, name, null, first(sub.getCommandSpec().usageMessage()
                        .description()), null, null, true));
            }
        });
        if (command == root) {
            shellWords.forEach(word -> candidates.add(new Candidate(word)));
        }
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? null : lines[0];
    }
}
