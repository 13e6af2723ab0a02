package org.pouw.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.node.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw config validate}: checks a settings file with the loader that will read it and prints every problem
 * with the setting it is about; exits {@link ExitCodes#CONFIG} when there is one. The file alone is checked, not the
 * environment or flags a start may add ({@code pouw config show} applies those).
 */
@Command(name = "validate", description = "Check a settings file with the loader that reads it; print each problem"
        + " with its setting. Exit code 4 when there is any.")
final class ConfigValidateCommand implements Callable<Integer> {
    @Mixin
    ConfigFileOptions files;

    @Option(names = "--json", description = "print {file, template, valid, errors: [{key, message}]}")
    boolean json;

    @Override
    public Integer call() {
        Path file = files.existing();
        ConfigTemplate kind = files.kind();
        List<ConfigProblem> problems = problems(kind, file);
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("file", file.toString())
                .put("template", kind.label()).put("valid", problems.isEmpty());
        ArrayNode errors = result.putArray("errors");
        StringBuilder text = new StringBuilder(problems.isEmpty() ? file + ": valid " + kind.label() + " configuration"
                : file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
        for (ConfigProblem problem : problems) {
            errors.addObject().put("key", problem.key()).put("message", problem.message());
            text.append("\n  ").append(problem.key()).append(": ").append(problem.message());
        }
        new Printer(json).print(result, text.toString());
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.CONFIG;
    }

    /** Every problem of the file as the template's loader sees it; a file that is not TOML is one problem. */
    static List<ConfigProblem> problems(ConfigTemplate kind, Path file) {
        try {
            return kind.check().checkFile(file);
        } catch (ConfigException e) {
            return List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, e.getMessage()));
        }
    }
}
