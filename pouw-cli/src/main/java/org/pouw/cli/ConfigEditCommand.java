package org.pouw.cli;

import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw config edit}: opens a copy of the file in {@code $VISUAL}, else {@code $EDITOR}, else {@code vi}, then
 * checks the copy with the loader that reads it. A valid copy replaces the file in one rename; an invalid one is
 * offered for another edit at a terminal, and otherwise (or when declined) thrown away, the file untouched, exit
 * {@link ExitCodes#CONFIG}. The original is never half-written: it changes only by that rename.
 */
@Command(name = "edit", description = "Edit a settings file in $VISUAL/$EDITOR (default vi), then check it; an"
        + " invalid edit is offered again at a terminal, else dropped with the file unchanged (exit 4).")
final class ConfigEditCommand implements Callable<Integer> {
    @Mixin
    ConfigFileOptions files;

    @Option(names = "--json", description = "print {file, template, saved, errors: [{key, message}]}")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path file = files.existing();
        ConfigTemplate kind = files.kind();
        Path parent = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        Path copy = Files.createTempFile(parent, "." + name.replaceFirst("\\.toml$", "") + ".edit-", ".toml");
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            Console console = System.console();
            boolean ask = !json && Terminal.isInteractive() && console != null;
            List<ConfigProblem> problems;
            while (true) {
                runEditor(copy);
                problems = ConfigValidateCommand.problems(kind, copy);
                if (problems.isEmpty()) {
                    Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    break;
                }
                if (!ask) {
                    break;
                }
                console.writer().println(file + " would not load:");
                problems.forEach(p -> console.writer().println("  " + p.key() + ": " + p.message()));
                String again = console.readLine("Edit again? [Y/n] ");
                if (again == null || again.strip().toLowerCase(java.util.Locale.ROOT).startsWith("n")) {
                    break;
                }
            }
            return report(file, kind, problems);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private int report(Path file, ConfigTemplate kind, List<ConfigProblem> problems) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("file", file.toString())
                .put("template", kind.label()).put("saved", problems.isEmpty());
        ArrayNode errors = result.putArray("errors");
        StringBuilder text = new StringBuilder(problems.isEmpty() ? "saved " + file
                : file + " left unchanged; the edit would not load:");
        for (ConfigProblem problem : problems) {
            errors.addObject().put("key", problem.key()).put("message", problem.message());
            text.append("\n  ").append(problem.key()).append(": ").append(problem.message());
        }
        new Printer(json).print(result, text.toString());
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.CONFIG;
    }

    /**
     * Runs the editor on the terminal we were given. The variable may hold arguments ({@code code --wait}), as
     * shells and git allow, so it goes through {@code sh -c} with the file as a separate, unquoted-safe argument.
     */
    private static void runEditor(Path file) throws IOException, InterruptedException {
        String editor = editor();
        Process process = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "pouw-config-edit", file.toString())
                .inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new CommandFailed("editor_failed", "the editor (" + editor + ") exited with " + exit
                    + "; the file is unchanged", ExitCodes.REFUSED);
        }
    }

    static String editor() {
        for (String variable : List.of("VISUAL", "EDITOR")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "vi";
    }
}
