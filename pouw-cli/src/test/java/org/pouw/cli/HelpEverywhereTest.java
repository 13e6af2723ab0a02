package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 18, defect 9: {@code --help} must work on every command and subcommand. The tree is walked from the root
 * command as picocli builds it, so a command added later is held to the same rule without being listed here.
 */
class HelpEverywhereTest {

    @Test
    void every_command_in_the_tree_prints_its_help_and_exits_zero() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new PouwCli()), new ArrayList<>(), paths);
        assertThat(paths).as("the walk found the command tree").hasSizeGreaterThan(20);

        List<String> failures = new ArrayList<>();
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            String usage = "Usage: pouw" + (path.isEmpty() ? "" : " " + String.join(" ", path));
            if (run.exit() != 0 || !run.out().contains(usage)) {
                failures.add(String.join(" ", args) + " → exit " + run.exit() + ", stderr: "
                        + run.firstErrorLine());
            }
        }
        assertThat(failures).as("commands whose --help fails").isEmpty();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        for (CommandLine sub : new java.util.LinkedHashSet<>(command.getSubcommands().values())) {
            if (sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            List<String> next = new ArrayList<>(path);
            next.add(sub.getCommandName());
            collect(sub, next, into);
        }
    }
}
