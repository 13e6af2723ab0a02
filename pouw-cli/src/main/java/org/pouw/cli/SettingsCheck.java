package org.pouw.cli;

import java.util.List;
import java.util.Map;

/**
 * Checks settings with the loader the program itself starts with, so a file that passes here is one that starts:
 * {@link NodeSettingsCheck} for the node's {@code ConfigLoader}, {@link OptionSettingsCheck} for the worker, miner
 * and pool, whose files fill their command-line options.
 */
interface SettingsCheck {
    /** Why this one setting, beside the defaults and {@code others}, would be refused; empty when it is fine. */
    String checkOne(String key, String value, Map<String, String> others);

    /** Every problem of the whole set, each with its key; empty when a start would accept it. */
    List<ConfigProblem> checkAll(Map<String, String> settings);

    /** Every problem of a settings file; a file that is not TOML is one problem. */
    default List<ConfigProblem> checkFile(java.nio.file.Path file) {
        return checkAll(SettingsFile.read(file));
    }
}
