package org.pouw.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets {@code pouw worker}, {@code pouw mine} and {@code pouw pool start} read their options from a TOML file given
 * with {@code --config} (written by {@code pouw config init}): each key is an option's long name without the dashes,
 * {@code concurrency = 2} for {@code --concurrency 2}. Picocli asks this provider only for options the command line
 * did not give, after parsing, so a flag beats the file and the file beats the built-in default. A key that names no
 * option of the command is refused, so a typo never falls back to a default silently.
 */
final class OptionFileDefaults implements CommandLine.IDefaultValueProvider {
    static final String CONFIG_OPTION = "--config";

    private final Map<String, String> given;
    private Path readFrom;
    private Map<String, String> read;

    /** For the {@code defaultValueProvider} of a command: the file its {@code --config} names. */
    OptionFileDefaults() {
        this(null);
    }

    /** Settings already in hand ({@code pouw config validate} and the wizard). */
    OptionFileDefaults(Map<String, String> given) {
        this.given = given;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        Map<String, String> settings = settings(arg.command());
        return settings.get(option.longestName().substring(2));
    }

    private Map<String, String> settings(CommandLine.Model.CommandSpec command) {
        if (given != null) {
            return given;
        }
        OptionSpec config = command.findOption(CONFIG_OPTION);
        Path file = config == null ? null : config.getValue();
        if (file == null) {
            return Map.of();
        }
        if (!file.equals(readFrom)) {
            Map<String, String> settings = SettingsFile.read(file);
            for (String key : settings.keySet()) {
                String problem = unknownKey(command, key);
                if (!problem.isEmpty()) {
                    throw new CommandLine.ParameterException(command.commandLine(), problem + ", in " + file);
                }
            }
            read = settings;
            readFrom = file;
        }
        return read;
    }

    /** Why {@code key} cannot be set from a file of {@code command}; empty when it can. */
    static String unknownKey(CommandLine.Model.CommandSpec command, String key) {
        OptionSpec option = command.findOption("--" + key);
        if (option == null || option.usageHelp() || option.versionHelp() || key.equals(CONFIG_OPTION.substring(2))) {
            return "unknown setting '" + key + "' for pouw " + command.qualifiedName(" ").replaceFirst("^pouw ", "")
                    + " (the settings are its long options without the dashes; see --help)";
        }
        return "";
    }
}
