package org.pouw.cli;

import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw config init --template node|worker|miner|pool}: writes a settings file the node, worker, miner or pool
 * starts from. At a terminal it asks ({@link ConfigWizard}); otherwise, or with {@code --no-input}, it takes the
 * {@code --set} values and the defaults. Either way the whole file is checked by the program's own loader before it
 * is written, and an existing file is kept unless {@code --force}.
 */
@Command(name = "init", description = "Write a settings file for a node, worker, miner or pool: a guided wizard at a"
        + " terminal, --set values otherwise. Checked by the loader that will read it; never overwrites without"
        + " --force.")
final class ConfigInitCommand implements Callable<Integer> {
    @Option(names = "--template", required = true, paramLabel = "KIND",
            description = "node, worker, miner or pool")
    String template;

    @Option(names = {"--out", "--config"}, paramLabel = "FILE",
            description = "where to write (default: pouw.toml, worker.toml, miner.toml or pool.toml)")
    Path out;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "a setting's value (a wizard shows it as the default); repeatable")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--no-input", description = "never ask, even at a terminal")
    boolean noInput;

    @Option(names = "--force", description = "replace an existing file")
    boolean force;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() {
        ConfigTemplate kind = ConfigTemplate.parse(template);
        Path file = out == null ? Path.of(kind.defaultFile) : out;
        if (Files.exists(file) && !force) {
            throw new CommandFailed("file_exists", file + " already exists; give --force to replace it",
                    ExitCodes.REFUSED);
        }
        Console console = System.console();
        boolean ask = !noInput && !json && Terminal.isInteractive() && console != null;
        Map<String, String> answers;
        if (ask) {
            try {
                answers = new ConfigWizard(prompt -> console.readLine("%s", prompt), console.writer())
                        .ask(kind, settings);
            } catch (ConfigWizard.Abandoned e) {
                throw new CommandFailed("abandoned", e.getMessage(), ExitCodes.USAGE);
            }
        } else {
            answers = withDefaults(kind);
        }
        Map<String, String> written = kind.completed(withoutEmpty(answers));
        List<ConfigProblem> problems = kind.check().checkAll(written);
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.getFirst();
            throw new CommandFailed("bad_configuration", first.key() + ": " + first.message() + " (nothing written)",
                    ExitCodes.CONFIG);
        }
        SettingsFile.write(file, SettingsFile.toToml(kind.header(), written));
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("file", file.toString())
                .put("template", kind.label());
        ObjectNode values = result.putObject("settings");
        written.forEach((key, value) -> values.put(key, SecretMask.show(key, value)));
        new Printer(json).print(result, "wrote " + file + "; start with: " + kind.startCommand.replace(
                kind.defaultFile, file.toString()));
        return ExitCodes.OK;
    }

    /** The questions' defaults under the --set values; every --set is checked, named, even if no question asks it. */
    private Map<String, String> withDefaults(ConfigTemplate kind) {
        Map<String, String> all = new LinkedHashMap<>();
        kind.questions.forEach(question -> all.put(question.key(), question.defaultValue()));
        all.putAll(settings);
        return all;
    }

    /** Empty answers mean "not set": a node's empty value is its default anyway; an option's would be a bad path. */
    private static Map<String, String> withoutEmpty(Map<String, String> answers) {
        Map<String, String> kept = new LinkedHashMap<>();
        answers.forEach((key, value) -> {
            if (!value.isEmpty()) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
