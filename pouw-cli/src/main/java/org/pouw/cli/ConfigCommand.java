package org.pouw.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.pouw.node.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw config show}: the settings a node would start with from the same file, environment and flags, checked
 * as a start checks them, with every secret hidden (issue 25 §1: secrets never reach logs or {@code config show}).
 */
@Command(name = "config", description = "The node's configuration.", subcommands = ConfigCommand.Show.class)
final class ConfigCommand {
    @Command(name = "show", description = "Print every setting as a node started with the same --config, environment"
            + " and flags would use it, after checking it; passwords and secrets show as ***, credentials in URLs"
            + " are cut out, and a *_file setting shows its path, never its contents.")
    static final class Show implements Callable<Integer> {
        @Mixin
        NodeOptions options;

        @Option(names = "--json", description = "print one JSON object of setting names to values")
        boolean json;

        @Override
        public Integer call() {
            Map<String, String> shown = options.shown();
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            StringBuilder text = new StringBuilder();
            shown.forEach((name, value) -> {
                out.put(name, value);
                text.append(name).append(" = ").append(value.isEmpty() ? "\"\"" : value).append('\n');
            });
            new Printer(json).print(out, text.toString().stripTrailing());
            return ExitCodes.OK;
        }
    }
}
