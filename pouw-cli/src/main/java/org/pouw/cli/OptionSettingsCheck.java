package org.pouw.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The worker's, miner's or pool's settings checked by the command that reads them: a fresh instance of it parses
 * no arguments with the settings as its defaults ({@link OptionFileDefaults}), so each value goes through the very
 * converter a start uses, and an option a start requires must be there. The node URL is also checked to be an
 * http(s) URL, which every one of them needs before it can do anything.
 */
final class OptionSettingsCheck implements SettingsCheck {
    private final Supplier<Object> command;
    private final List<String> required;

    OptionSettingsCheck(Supplier<Object> command, List<String> required) {
        this.command = command;
        this.required = List.copyOf(required);
    }

    @Override
    public String checkOne(String key, String value, Map<String, String> others) {
        CommandLine.Model.CommandSpec spec = commandLine(Map.of()).getCommandSpec();
        String unknown = OptionFileDefaults.unknownKey(spec, key);
        if (!unknown.isEmpty()) {
            return unknown;
        }
        if (key.equals("node")) {
            String url = urlProblem(value);
            if (!url.isEmpty()) {
                return url;
            }
        }
        if (required.contains(key) && value.isBlank()) {
            return key + " is required";
        }
        try {
            commandLine(Map.of(key, value)).parseArgs();
            return "";
        } catch (CommandLine.MissingParameterException e) {
            return ""; // another setting is missing, not this one
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    @Override
    public List<ConfigProblem> checkAll(Map<String, String> settings) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String problem = checkOne(setting.getKey(), setting.getValue(), settings);
            if (!problem.isEmpty()) {
                problems.add(new ConfigProblem(setting.getKey(), problem));
            }
        }
        for (String key : required) {
            if (!settings.containsKey(key)) {
                problems.add(new ConfigProblem(key, key + " is required"));
            }
        }
        if (problems.isEmpty()) {
            try {
                commandLine(settings).parseArgs();
            } catch (CommandLine.ParameterException e) {
                problems.add(new ConfigProblem(ConfigProblem.WHOLE_FILE, e.getMessage()));
            }
        }
        return problems;
    }

    private CommandLine commandLine(Map<String, String> settings) {
        CommandLine line = new CommandLine(command.get());
        line.setDefaultValueProvider(new OptionFileDefaults(new LinkedHashMap<>(settings)));
        return line;
    }

    private static String urlProblem(String value) {
        try {
            URI uri = URI.create(value.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return "";
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        return "node must be an http:// or https:// URL with a host, got '" + value + "'";
    }
}
