package org.pouw.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.ConfigLoader;

/**
 * The node's settings checked by {@link ConfigLoader} itself. The loader stops at the first problem; to name every
 * bad setting, each is first loaded alone beside the defaults (which finds each wrong value under its own key), then
 * all together (which finds what only a combination breaks).
 */
final class NodeSettingsCheck implements SettingsCheck {
    @Override
    public String checkOne(String key, String value, Map<String, String> others) {
        if (!ConfigLoader.DEFAULTS.containsKey(key)) {
            return "unknown setting '" + key + "' (see docs/operations.md for the list)";
        }
        Map<String, String> one = new LinkedHashMap<>();
        one.put(key, value);
        if (!others.containsKey("storage.backend")) {
            one = implied(one);
        }
        return loadProblem(one);
    }

    @Override
    public List<ConfigProblem> checkAll(Map<String, String> settings) {
        List<ConfigProblem> problems = eachAlone(settings);
        if (problems.isEmpty()) {
            together(settings, () -> ConfigLoader.load(null, Map.of(), settings), problems);
        }
        return problems;
    }

    /** As {@link #checkAll}, but the last word is the loader reading the file itself, as {@code pouw node} does. */
    @Override
    public List<ConfigProblem> checkFile(Path file) {
        Map<String, String> settings = SettingsFile.read(file);
        settings.remove("genesis"); // [[genesis]] tables have their own form, checked by the whole-file load below
        List<ConfigProblem> problems = eachAlone(settings);
        if (problems.isEmpty()) {
            together(settings, () -> ConfigLoader.load(file, Map.of(), Map.of()), problems);
        }
        return problems;
    }

    private List<ConfigProblem> eachAlone(Map<String, String> settings) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String problem = checkOne(setting.getKey(), setting.getValue(), settings);
            if (!problem.isEmpty()) {
                problems.add(new ConfigProblem(setting.getKey(), problem));
            }
        }
        return problems;
    }

    private static void together(Map<String, String> settings, Runnable load, List<ConfigProblem> problems) {
        try {
            load.run();
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(keyNamedIn(e.getMessage(), settings), e.getMessage()));
        }
    }

    /**
     * A PostgreSQL URL means the PostgreSQL backend: the wizard asks for the URL only, and a lone URL checked
     * beside the default backend (SQLite) would otherwise pass unchecked.
     */
    static Map<String, String> implied(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        if (!all.getOrDefault("storage.url", "").isEmpty() && !all.containsKey("storage.backend")) {
            all.put("storage.backend", "postgresql");
        }
        return all;
    }

    private static String loadProblem(Map<String, String> settings) {
        try {
            ConfigLoader.load(null, Map.of(), settings);
            return "";
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    /** The loader's messages start with or quote the setting they are about; the longest one named wins. */
    private static String keyNamedIn(String message, Map<String, String> settings) {
        String best = ConfigProblem.WHOLE_FILE;
        for (String key : settings.keySet()) {
            if (message.contains(key) && key.length() > (best.equals(ConfigProblem.WHOLE_FILE) ? 0 : best.length())) {
                best = key;
            }
        }
        return best;
    }
}
