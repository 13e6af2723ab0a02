package org.pouw.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw config init|show|edit|validate}. {@code show}: the settings a node would start with from the same file, environment and flags, checked
 * as a start checks them, with every secret hidden (issue 25 §1: secrets never reach logs or {@code config show}).
 */
@Command(name = "config", description = "Settings files of the node, worker, miner and pool: init, show, edit,"
        + " validate.", subcommands = {ConfigInitCommand.class, ConfigCommand.Show.class, ConfigEditCommand.class,
        ConfigValidateCommand.class})
final class ConfigCommand {
    @Command(name = "show", description = "Print every setting as a node started with the same --config, environment"
            + " and flags would use it, after checking it; passwords and secrets show as ***, credentials in URLs"
            + " are cut out, and a *_file setting shows its path, never its contents.")
    static final class Show implements Callable<Integer> {
        @Mixin
        NodeOptions options;

        @Option(names = "--json", description = "print one JSON object of setting names to values")
        boolean json;

        @Option(names = "--template", paramLabel = "KIND", description = "node (default), worker, miner or pool;"
                + " for the last three, the settings of the --config file, secrets hidden")
        String template;

        @Override
        public Integer call() {
            Map<String, String> shown = template == null || ConfigTemplate.parse(template) == ConfigTemplate.NODE
                    ? options.shown() : componentSettings(ConfigTemplate.parse(template));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            StringBuilder text = new StringBuilder();
            shown.forEach((name, value) -> {
                out.put(name, value);
                text.append(name).append(" = ").append(value.isEmpty() ? "\"\"" : value).append('\n');
            });
            new Printer(json).print(out, text.toString().stripTrailing());
            return ExitCodes.OK;
        }

        /** A worker's, miner's or pool's file, checked as a start checks it, each value through {@link SecretMask}. */
        private Map<String, String> componentSettings(ConfigTemplate kind) {
            Path file = options.config != null ? options.config : Path.of(kind.defaultFile);
            if (!Files.isRegularFile(file)) {
                throw new CommandFailed("no_file", file + " does not exist", ExitCodes.CONFIG);
            }
            List<ConfigProblem> problems = ConfigValidateCommand.problems(kind, file);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems.getFirst().key() + ": "
                        + problems.getFirst().message());
            }
            Map<String, String> shown = new TreeMap<>();
            SettingsFile.read(file).forEach((key, value) -> shown.put(key, SecretMask.show(key, value)));
            return shown;
        }
    }
}
